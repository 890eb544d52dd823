"""The cue coders' rules as data: every named pattern, its cue, its confidence and when it is
dropped (negation, questions), plus the phrase lists for minimal responses.

Kept apart from the matching engine in :mod:`alliance.coding.cues` so that reading or changing
a rule does not mean reading the engine; ``docs/cues.md`` describes each rule by its name.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

__all__ = ["MINIMAL_STRONG", "MINIMAL_WEAK", "RULES", "Rule"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One named pattern for one cue.

    ``negatable``: the rule is dropped when a negation (``not``, ``n't``, ``never``, ``no``) sits
    in the few words before the match, in the same clause ("it doesn't make sense").
    ``statement_only``: dropped in questions that start with a question word or auxiliary ("were
    you angry?"), kept in declarative questions ("you were angry?") which are how reflections
    are often transcribed. ``not_after_wh``: dropped when a question word or "do you think" comes
    just before the match ("what do you think you should do?"). ``not_after_question``: dropped
    when the other speaker's previous turn was a question (then "I don't think so" answers it).
    """

    name: str
    cue: str
    pattern: str
    confidence: float
    negatable: bool = True
    statement_only: bool = False
    not_after_wh: bool = False
    not_after_question: bool = False
    needs: tuple[str, ...] = ()
    """Key words (substrings of the normalised text), one of which every match contains: the
    rule is only tried when one is present. A speed-up that never changes the result."""


# Words that name a feeling or emotional state. A reflection of feeling must name one of these.
_FEELINGS = (
    r"(?:frustrat\w*|scar(?:ed|y|ing)|afraid|frightened|fear(?:ful|s)?|terrified|panick\w*|"
    r"worr(?:ied|y|ies|ying)|anxious|anxiety|nervous|stress(?:ed|ful)?|overwhelm\w*|"
    r"angry|anger|mad|furious|upset(?:ting)?|sad(?:ness)?|depressed|hurt(?:ing)?|"
    r"lonely|isolated|guilty|guilt|ashamed|shame(?:ful)?|embarrass\w*|hopeless|helpless|"
    r"hopeful|relieved|relief|proud|happy|happier|excit\w*|invigorated|disappoint\w*|"
    r"discourag\w*|confus\w*|torn|fed up|shock(?:ed|ing)?|surprised|annoyed|annoying|"
    r"irritat\w*|resent\w*|jealous|insecure|uncomfortable|uneasy|tense|desperate|miserable|"
    r"heartbroken|devastated|exhausted|drained|trapped|pressured|rejected|let (?:\w+ ){0,2}down|"
    r"betrayed|"
    r"hesitant|ambivalent|conflicted|bored|grief|grieving|sorry for yourself|(?<=feel )down|"
    r"(?<=feeling )down|(?<=felt )down)"
)
_FILLER = r"(?:(?:really|so|very|pretty|quite|kind of|sort of|a (?:little|bit|lot)(?: of)?|"
_FILLER += r"little|bit|more|most|too|also|still|just|even|a|the|some|of)\s+)*"

_RULES: list[Rule] = [
    # ---- affirmation -------------------------------------------------------------------------
    Rule(
        "affirm.courage",
        "affirmation",
        r"\b(?:took|takes|take|taking|taken) (?:a lot of |real |some |a great deal of )?"
        r"(?:courage|strength|guts|bravery)\b|\bthat's (?:really |so )?(?:brave|courageous)\b",
        0.85,
    ),
    Rule(
        "affirm.effort",
        "affirmation",
        r"\byou(?:'ve| have)? (?:been )?(?:worked|working|tried|trying|put) (?:really |so |very )?"
        r"(?:hard|a lot of (?:effort|work|thought)|your best)\b|"
        r"\b(?:great|good|nice|fantastic|amazing) (?:job|work|effort)\b|\bwell done\b|"
        r"\byou (?:did|have done|'ve done) (?:a |such a |really |so )?(?:great|good|fantastic|"
        r"amazing|wonderful|brilliant)\b",
        0.8,
    ),
    Rule(
        "affirm.strength",
        "affirmation",
        r"\byou(?:'re| are) (?:really |very |so |clearly |obviously |definitely |such )?"
        r"(?:a (?:really |very )?(?:good|great|caring|loving|strong|thoughtful|devoted|wonderful)"
        r" (?:\w+)|good at|strong|resourceful|determined|committed|brave|capable|smart|"
        r"rehabilitated|confident|(?:really )?(?:good|great) with)\b|"
        r"\byou (?:really |clearly |obviously |definitely )?(?:know how to|care (?:a lot |"
        r"so much )?"
        r"about)\b|\bgood for you\b|\b(?:i'm|i am) (?:really |so |very )?(?:impressed|"
        r"proud of you)\b"
        r"|\b(?:should|can) (?:feel|be) (?:really |very |so )?proud\b",
        0.75,
    ),
    Rule(
        "affirm.not_bad_person",
        "affirmation",
        r"\byou(?:'re| are) not (?:a )?(?:bad|terrible|horrible|awful) (?:person|mom|mother|dad|"
        r"father|parent|guy|man|woman|kid)\b",
        0.75,
        negatable=False,
    ),
    Rule(
        "affirm.validation",
        "affirmation",
        r"\b(?:that|it|this) (?:makes|made) (?:a lot of |perfect |total |complete )?sense\b|"
        r"\b(?:that's|that is|it's|it is|that was|which is) (?:completely |totally |very |so |"
        r"perfectly |really |quite |pretty )?(?:understandable|normal|natural)\b|"
        r"\banyone (?:would|in your (?:shoes|position) would) (?:feel|do|be)\b|"
        r"\bi (?:know|understand|can understand|can see) (?:how|why) you (?:feel|felt|would)\b",
        0.7,
    ),
    Rule(
        "affirm.appreciation",
        "affirmation",
        r"\bi (?:really |truly )?(?:appreciate|admire|respect) (?:you|your|that you|the fact "
        r"that you|how you)\b|\b(?:thank you|thanks) (?:so much )?for,? (?:you know,? )?(?:sharing|"
        r"being|exploring|"
        r"your honesty|being so|opening up|talking (?:with|to) me about)\b",
        0.6,
    ),
    Rule(
        "affirm.good_plan",
        "affirmation",
        r"\b(?:a |such a |really |very |pretty |the )*(?:good|great|excellent|fantastic|wise|"
        r"smart|healthy) (?:idea|plan|decision|decisions|choice|choices|start|place to start|"
        r"step|steps|first step|goal)\b",
        0.55,
        statement_only=True,
    ),
    Rule(
        "affirm.praise_word",
        "affirmation",
        r"\b(?:that's|that is|which is|that sounds|sounds) (?:really |just |so |absolutely )?"
        r"(?:fantastic|wonderful|terrific|excellent|amazing|awesome|huge|perfect|impressive)\b|"
        r"\bsounds like (?:a |the )?perfect\b",
        0.5,
    ),
    # ---- reflection of feeling ---------------------------------------------------------------
    Rule(
        "feeling.you_feel",
        "reflection_of_feeling",
        r"\byou(?:'re|'ve| are| were| have| had| must| might)?(?: been| be)? "
        r"(?:\w+ )?(?:feel|feeling|felt|feels|get|got|getting|are|were|seem|seemed|sound|"
        r"sounded|become|became|'re|been) " + _FILLER + _FEELINGS + r"\b|"
        r"\byou(?:'re| are| were)(?: not)? " + _FILLER + _FEELINGS + r"\b|"
        r"\byou(?:'re)? (?:feel|felt|feeling) like you(?:'ve| have|'re| are)? " + _FEELINGS + r"\b",
        0.8,
        negatable=False,
        statement_only=True,
    ),
    Rule(
        "feeling.sounds_like",
        "reflection_of_feeling",
        r"\b(?:sounds|seems|looks|sounded|seemed) (?:like|as if|as though) (?:you(?:'re| are| were|"
        r"'ve been| feel| felt)?|that(?:'s| was| is)?|it(?:'s| was| is| has been|'s been)?|"
        r"there(?:'s| was)?|the [\w']+ (?:has|have|is|are|was|were|had)(?: been)?) "
        r"(?:\w+ ){0,3}" + _FILLER + _FEELINGS + r"\b",
        0.8,
        negatable=False,
        statement_only=True,
    ),
    Rule(
        "feeling.it_was",
        "reflection_of_feeling",
        r"\b(?:it's|it is|it was|it's been|it has been|that's|that was|that must be|that must have"
        r" been|it must be|it must have been|it can be|can be|it gets|it got|must be|"
        r"must have been)"
        r" (?:not )?" + _FILLER + _FEELINGS + r"\b",
        0.65,
        negatable=False,
        statement_only=True,
    ),
    Rule(
        "feeling.part_of_you",
        "reflection_of_feeling",
        r"\bpart of you (?:that )?(?:feels|is|was|felt|gets) " + _FILLER + _FEELINGS + r"\b|"
        r"\b(?:worr(?:y|ies|ying)|bother(?:s|ing)?|upset(?:s|ting)?|scar(?:es|ing)|"
        r"frighten(?:s|ing)?|stress(?:es|ing)|frustrat(?:es|ing)|"
        r"hurting|eating at) you\b|\b(?:calm|settle|steady) (?:the|your) nerves\b|"
        r"\bhow (?:scary|frustrating|upsetting|stressful) (?:that|this|it) "
        r"(?:is|was|must be|has been)\b",
        0.7,
        negatable=False,
        statement_only=True,
    ),
    # ---- asks permission ---------------------------------------------------------------------
    Rule(
        "permission.is_it_ok",
        "asks_permission",
        r"\b(?:would|will|is|would it) (?:it|that) (?:be )?(?:ok|okay|all right|alright|fine|"
        r"helpful|useful)(?: with you| for you)?(?: if| to|\?| for me to)|"
        r"\bwould it be (?:ok|okay|all right|alright|fine|helpful|useful)\b|"
        r"\b(?:do|would) you mind if\b|\bif (?:that's|that is|it's|it is) (?:ok|okay|all right|"
        r"alright)(?: with you)?\b",
        0.9,
        negatable=False,
    ),
    Rule(
        "permission.may_i",
        "asks_permission",
        r"\b(?:may|can|could|might) i (?:just )?(?:share|offer|give you|tell you|make a|suggest|"
        r"ask you|mention|show you|add|run|talk to you|go over|bring up|raise|check)\b",
        0.85,
        negatable=False,
    ),
    Rule(
        "permission.would_you_like",
        "asks_permission",
        r"\bwould you (?:like|want) (?:some|any|a few|more|me to|us to|to hear|to know|"
        r"information|ideas|suggestions|a referral|to look at|to talk about)\b|"
        r"\b(?:would|are) you (?:be )?(?:interested in|open to|willing to)\b|"
        r"\b(?:you'd|you would) (?:like|want) (?:us|me) to\b|"
        r"\bis that something (?:that )?(?:you'd|you would|you might|that would|that might|"
        r"would|might)(?: be)? (?:like|want|open|interested|willing|helpful|useful)\b",
        0.8,
        negatable=False,
    ),
    Rule(
        "permission.can_we",
        "asks_permission",
        r"\b(?:can|could|may) we (?:talk|look|go over|spend|take a (?:look|minute|moment))\b|"
        r"\bi(?:'m| am)? (?:just )?wonder(?:ing)? if (?:we|i) (?:can|could|might)\b",
        0.55,
        negatable=False,
    ),
    # ---- advice (permission is checked in context) -------------------------------------------
    Rule(
        "advice.you_should",
        "advice_without_permission",
        r"(?<!if )(?<!so that )(?<!fact that )(?<!happening that )(?<!means that )\byou (?:really |"
        r"just |definitely |probably |seriously |also |still |simply )*"
        r"(?:should|shouldn't|should not|ought to|need to|needs to|have to|has to|must|"
        r"'ve got to|got to|better)(?! (?:feel|be|worry|know|let me|have)\b)\b",
        0.8,
        negatable=False,
        not_after_wh=True,
    ),
    Rule(
        "advice.i_recommend",
        "advice_without_permission",
        r"\bi(?:'d| would| am going to| will|'m going to)? (?:strongly |really |definitely )?"
        r"(?:recommend|suggest|advise|urge)\b(?! (?:a (?:couple|few) of|some) (?:ideas|options|"
        r"things)\b)|\bmy (?:advice|recommendation|suggestion) (?:is|would be)\b|"
        r"\bwhat i (?:would |'d )?(?:recommend|suggest|advise)\b|"
        r"\bi (?:really )?(?:need|want) you to (?!tell me|think)|\bwhat i'd like you to do\b",
        0.8,
        negatable=False,
    ),
    Rule(
        "advice.important_to",
        "advice_without_permission",
        r"\b(?:it's|it is|that's|which is why it's|it's really|it's very) (?:really |very |so )?"
        r"(?:important|essential|crucial|vital) (?:that you (?!recogni[sz]e|realise|realize|"
        r"understand|know)|for you to|to (?!you\b|me\b|him\b|her\b|"
        r"us\b|them\b|know\b|talk\b|understand\b)\w+)|"
        r"\b(?:this|that|it|smoking|drinking) (?:really )?(?:needs|has) to stop\b|"
        r"\bthe next step (?:is|would be) to\b|\bi(?:'ve| have)(?: got)? (?:an|another|"
        r"one) idea for you\b",
        0.6,
        negatable=False,
    ),
    Rule(
        "advice.imperative",
        "advice_without_permission",
        r"(?<!\S)(?<![^.!?;:] )(?:(?:so|and|also|just|then|well|okay|ok|now|please|um|uh|but),? )*"
        r"(?:stop|quit|cut (?:down|back|out)|throw (?:\w+ ){0,2}(?:out|away)|avoid|switch|"
        r"make sure|"
        r"keep (?:the|your|it|that|taking|using)|check with|call (?:your|the|dr)|use (?:the|your|"
        r"it)|try (?:to|and|cutting|using|not|taking|walking|some)|start (?:taking|using|"
        r"exercising|walking|cutting)|don't (?:smoke|drink|use|take|eat|buy|go|let)|"
        r"get (?:rid|some|a |more|yourself)|take (?:some|it|one|your (?!time)|the)|"
        r"drink (?:more|less|"
        r"some|water)|eat (?:more|less|some)|cut (?:out|down|back))\b",
        0.6,
        negatable=False,
        statement_only=True,
    ),
    Rule(
        "advice.why_dont_you",
        "advice_without_permission",
        r"\bwhy (?:don't|do not) you (?:just )?(?:try|cut|stop|quit|start|go|get|call|throw|switch"
        r"|use|find)\b",
        0.65,
        negatable=False,
    ),
    # ---- judgmental --------------------------------------------------------------------------
    Rule(
        "judge.label",
        "judgmental",
        r"\byou(?:'re| are) (?:just |such |really |clearly |obviously |being |so |a )*"
        r"(?:an? )?(?:alcoholic|addict|junkie|drunk|liar|lazy|irresponsible|selfish|stupid|"
        r"in denial|making excuses|kidding yourself|fooling yourself|a bad (?:mother|father|mom|"
        r"dad|parent)|weak|pathetic|ridiculous)\b",
        0.85,
    ),
    Rule(
        "judge.not_serious",
        "judgmental",
        r"\byou(?:'re| are) not (?:even )?(?:taking (?:this|it|me|your \w+) seriously|listening|"
        r"trying)\b|\bstop being (?:lazy|silly|ridiculous|a baby|so)\b|\bgrow up\b|"
        r"\btake responsibility\b|\bwhat were you thinking\b|\bcome on,",
        0.75,
        negatable=False,
    ),
    Rule(
        "judge.moralise",
        "judgmental",
        r"\b(?:ought to|should) be ashamed\b|\bashamed of yourself\b|\bshame on you\b|"
        r"\b(?:that's|that is|it's|it is|this is) (?:just |really |so |pretty |such |a |an )*"
        r"(?:irresponsible|stupid|selfish|ridiculous|idiotic|pathetic|no excuse|not okay|"
        r"not ok|unacceptable|an excuse|excuses|grand ?standing)\b|\bjust (?:an? )?excuses?\b|"
        r"\bgrand ?staging\b",
        0.8,
    ),
    Rule(
        "judge.threat",
        "judgmental",
        r"\bif you (?:don't|do not|keep|continue|carry on|won't)\b[^.?!]{0,80}?\b(?:you'll|"
        r"you will|"
        r"you're going to|you are going to|will only|you could|you might|you're likely|"
        r"you'll end up|you're gonna)\b|\byou(?:'re| are) (?:putting yourself at risk|causing "
        r"(?:some |a lot of )?(?:serious |real )?(?:damage|harm))|\byou could (?:get arrested|"
        r"die|lose (?:your|the)|kill|end up)\b|\bi can promise you\b|\byou(?:'re| are) not "
        r"(?:ever )?(?:going to|gonna) (?:get into|be able to handle)\b|"
        r"\ball the things that (?:can|could|might) "
        r"happen to you\b",
        0.6,
        negatable=False,
    ),
    # ---- self-disclosure ---------------------------------------------------------------------
    Rule(
        "disclose.when_i_was",
        "self_disclosure",
        r"\bwhen i was (?:a |an |in |your |younger|growing|at |little|young|a kid|\w+ years old|"
        r"pregnant|first|going through)|\bback when i\b|\bat your age,? i\b",
        0.8,
        negatable=False,
    ),
    Rule(
        "disclose.been_through",
        "self_disclosure",
        r"\bi(?:'ve| have) (?:also |myself )?(?:been through|gone through|struggled|had (?:the "
        r"same|a similar)|quit|smoked|dealt with)\b|\bin my own (?:life|experience|family|"
        r"recovery)\b|\bi used to (?:smoke|drink|be |have|struggle|play|run|live|work out)|"
        r"\bi(?:'ve| have) always wanted to\b|\bmyself,? (?:too|as well)\b",
        0.75,
        negatable=False,
    ),
    Rule(
        "disclose.my_family",
        "self_disclosure",
        r"\bmy own (?:father|mother|dad|mom|kids|children|son|daughter|family|husband|wife|"
        r"parents|brother|sister|experience)\b|\bi have (?:kids|children|a son|a daughter|"
        r"two|three|four|a (?:\w+ )?(?:dog|cat|baby|toddler|teenager))\b|"
        r"\b(?:kids|children),? too\b|\bmy (?:husband|wife|partner|kids|son|daughter|dad|mom|"
        r"father|mother)(?:'s| is| and i| was| has| had| used)\b",
        0.65,
        negatable=False,
    ),
    Rule(
        "disclose.me_too",
        "self_disclosure",
        r"(?<!\S)(?<![^.!?;:] )(?:oh,? |yeah,? )?(?:me too|same here|so do i|so did i)\b",
        0.55,
        negatable=False,
    ),
    # ---- minimal response (whole-utterance patterns, see _minimal) ---------------------------
    # ---- disagreement ------------------------------------------------------------------------
    Rule(
        "disagree.not_what_i_said",
        "disagreement",
        r"\b(?:that's|that is|it's|it is) not (?:what i (?:said|meant|mean|was saying)|true|right|"
        r"it|the point|fair|the problem|the issue)\b|\bno,? that's not\b|"
        r"\bthat's not how (?:it is|it was|i see it)\b",
        0.85,
        negatable=False,
    ),
    Rule(
        "disagree.dont_think_so",
        "disagreement",
        r"\bi (?:don't|do not) (?:think|believe) (?:so,? but|that(?:'s| is)? (?:true|right|fair|it|"
        r"the "
        r"problem|the case)|you(?:'re| are) right|it(?:'s| is) (?:that|a problem|true))\b|"
        r"\bi (?:don't|do not|can't|cannot) agree\b|\bi disagree\b|\byou(?:'re| are) wrong\b|"
        r"\bi (?:don't|do not) think (?:my \w+|it|this|that)(?:'s| is) (?:why|what|the "
        r"(?:problem|issue|reason))\b",
        0.85,
        negatable=False,
    ),
    Rule(
        "disagree.flat_denial",
        "disagreement",
        r"^(?:no,? |um,? |well,? )*i (?:really )?(?:don't|do not) (?:think|believe) so\W*$",
        0.7,
        negatable=False,
        not_after_question=True,
    ),
    Rule(
        "disagree.you_dont_understand",
        "disagreement",
        r"\byou (?:don't|do not|just don't|really don't|wouldn't|can't) (?:understand|get it|"
        r"know what it's like|know what it is like|listen|get what)\b|\byou(?:'re| are) not "
        r"listening\b|\b(?:i )?(?:already|just) told you\b|\bi knew you (?:were|was) going to say"
        r"\b|\bare we done\b",
        0.8,
        negatable=False,
    ),
    Rule(
        "disagree.therapy_not_helping",
        "disagreement",
        r"\b(?:this|that|it)(?:'s| is)? (?:not|n't|isn't|is not) (?:helping|working|helpful|"
        r"going anywhere)\b|\b(?:this|that|it)(?:'s| is) (?:a )?(?:pointless|waste of time|"
        r"useless|ridiculous|stupid|a joke)\b|\bi (?:don't|do not) (?:need|want) (?:to be here|"
        r"your help|this)\b|\bwhy (?:do|would|should) i (?:need|have) to\b",
        0.8,
        negatable=False,
    ),
    Rule(
        "disagree.minimise",
        "disagreement",
        r"\bi (?:don't|do not) (?:think|see) (?:i'm|i am|it's|it is|that's|that is|there's) "
        r"(?:\w+ ){0,2}(?:that much|that bad|a problem|a big deal|an alcoholic|an addict|"
        r"addicted|drinking too much|smoking too much)\b|\bi (?:don't|do not) see the problem\b|"
        r"\bi (?:don't|do not) see (?:why|how) (?:i|this|that|it)\b|"
        r"\b(?:it|this|that)(?:'s not| is not| isn't) (?:even )?my fault\b|\bwait a (?:minute|"
        r"second)\b|"
        r"(?<!\S)(?<![^.!?;:] )whatever(?:[.,!?]|$)|\bit(?:'s| is) not like (?:i|it's|it is|i'm)\b",
        0.55,
        negatable=False,
    ),
]
_FEELING_STEMS = (
    "frustrat", "scar", "afraid", "frighten", "fear", "terrif", "panick", "worr", "anxi",
    "nervous", "stress", "overwhelm", "angry", "anger", "mad", "furious", "upset", "sad",
    "depress", "hurt", "lonel", "isolated", "guilt", "asham", "shame", "embarrass", "hopeless",
    "helpless", "hopeful", "relie", "proud", "happ", "excit", "invigorat", "disappoint",
    "discourag", "confus", "torn", "fed up", "shock", "surprised", "annoy", "irritat", "resent",
    "jealous", "insecure", "uncomfortable", "uneasy", "tense", "desperate", "miserable",
    "heartbroken", "devastated", "exhausted", "drained", "trapped", "pressured", "rejected",
    "down", "betrayed", "hesitant", "ambivalent", "conflicted", "bored", "grie", "sorry",
)  # fmt: skip
_KEY_WORDS: dict[str, tuple[str, ...]] = {
    "affirm.courage": ("courage", "strength", "guts", "brave"),
    "affirm.effort": (
        "hard", "a lot of", "your best", "job", "work", "effort", "well done", "done",
    ),
    "affirm.strength": (
        "you're", "you are", "know how to", "care", "good for you", "impressed", "proud",
    ),
    "affirm.not_bad_person": ("you're not", "you are not"),
    "affirm.validation": (
        "sense", "understandable", "normal", "natural", "anyone", "how you", "why you",
    ),
    "affirm.appreciation": ("appreciate", "admire", "respect", "thank"),
    "affirm.good_plan": ("idea", "plan", "decision", "choice", "start", "step", "goal"),
    "affirm.praise_word": (
        "fantastic", "wonderful", "terrific", "excellent", "amazing", "awesome", "huge",
        "perfect", "impressive",
    ),
    "feeling.you_feel": _FEELING_STEMS,
    "feeling.sounds_like": _FEELING_STEMS,
    "feeling.it_was": _FEELING_STEMS,
    "feeling.part_of_you": (*_FEELING_STEMS, "bother", "eating at", "nerves"),
    "permission.is_it_ok": ("ok", "all right", "alright", "fine", "helpful", "useful", "mind if"),
    "permission.may_i": ("may i", "can i", "could i", "might i"),
    "permission.would_you_like": (
        "would you", "are you", "you'd", "you would", "is that something",
    ),
    "permission.can_we": ("can we", "could we", "may we", "wonder"),
    "advice.you_should": (
        "should", "ought", "need", "have to", "has to", "must", "got to", "better",
    ),
    "advice.i_recommend": (
        "recommend", "suggest", "advise", "urge", "advice", "need you to", "want you to",
        "like you to",
    ),
    "advice.important_to": (
        "important", "essential", "crucial", "vital", "to stop", "next step", "idea for you",
    ),
    "advice.imperative": (
        "stop", "quit", "cut ", "throw", "avoid", "switch", "make sure", "keep ", "check with",
        "call ", "use ", "try ", "start ", "don't ", "get ", "take ", "drink ", "eat ",
    ),
    "advice.why_dont_you": ("why don't", "why do not"),
    "judge.label": ("you're", "you are"),
    "judge.not_serious": (
        "you're not", "you are not", "stop being", "grow up", "responsibility",
        "what were you thinking", "come on",
    ),
    "judge.moralise": (
        "ashamed", "shame", "irresponsible", "stupid", "selfish", "ridiculous", "idiotic",
        "pathetic", "excuse", "not ok", "unacceptable", "grand",
    ),
    "judge.threat": (
        "if you", "putting yourself", "causing", "you could", "promise you", "going to",
        "happen to you",
    ),
    "disclose.when_i_was": ("when i was", "back when i", "at your age"),
    "disclose.been_through": ("i've", "i have", "in my own", "i used to", "myself"),
    "disclose.my_family": ("my own", "i have", "too", "my "),
    "disclose.me_too": ("me too", "same here", "so do i", "so did i"),
    "disagree.not_what_i_said": ("not",),
    "disagree.dont_think_so": ("don't", "do not", "can't", "cannot", "disagree", "wrong"),
    "disagree.flat_denial": ("think so", "believe so"),
    "disagree.you_dont_understand": (
        "don't", "do not", "wouldn't", "can't", "not listening", "told you", "knew you",
        "are we done",
    ),
    "disagree.therapy_not_helping": (
        "not", "n't", "pointless", "waste of time", "useless", "ridiculous", "stupid", "joke",
        "need to", "have to",
    ),
    "disagree.minimise": ("don't", "do not", "fault", "wait a", "whatever", "not like"),
}  # fmt: skip
RULES: tuple[Rule, ...] = tuple(
    dataclasses.replace(rule, needs=_KEY_WORDS.get(rule.name, ())) for rule in _RULES
)

MINIMAL_STRONG = (
    "mm",
    "mm-hmm",
    "mmhmm",
    "mhm",
    "hmm",
    "hm",
    "mm-mm",
    "uh-huh",
    "yeah",
    "yes",
    "yep",
    "yup",
    "yea",
    "okay",
    "ok",
    "right",
    "sure",
    "alright",
    "all right",
    "no",
    "nope",
    "nah",
    "uh",
    "um",
    "oh",
    "ah",
    "wow",
    "true",
    "exactly",
    "absolutely",
    "definitely",
    "totally",
    "of course",
    "really",
    "cool",
    "fine",
    "good",
    "great",
    "i see",
    "got it",
    "gotcha",
    "thanks",
    "thank you",
)
MINIMAL_WEAK = (
    "i guess",
    "i suppose",
    "i don't know",
    "i don't think so",
    "i dunno",
    "dunno",
    "maybe",
    "perhaps",
    "probably",
    "not really",
    "not yet",
    "not sure",
    "i'm not sure",
    "i think so",
    "kind of",
    "sort of",
    "kinda",
    "sorta",
    "whatever",
    "that's fine",
    "that'd be fine",
    "that's right",
    "that's true",
    "sounds good",
    "that sounds good",
    "pretty good",
    "i'm good",
    "i think i'm good",
    "i have",
    "i do",
    "i did",
    "i can't think of any",
    "not much",
    "if you say so",
    "fair enough",
    "let's see",
    "well",
    "so",
)
