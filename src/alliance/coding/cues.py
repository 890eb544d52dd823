"""Transparent cue coders for what AnnoMI's experts did not label: affirmations, reflections of
feeling, asking permission, advice without permission, judgmental statements, self-disclosure,
interruptions (therapist), minimal responses and disagreement (client).

Every cue is a handful of named rules (``affirm.strength``, ``advice.you_should`` ...), each a
regular expression over a normalised, lower-cased utterance with a confidence saying how strong a
sign it is. A code carries the names of the rules that fired, never the words they matched, so
that a reader can look a code up in ``docs/cues.md`` and see why it is there.

Two cues need the conversation, not just the utterance:

* ``advice_without_permission`` fires only when the therapist did not ask permission in its last
  three turns (or earlier in the same turn) and the client did not ask for advice in its last
  two turns;
* ``interruption`` is a therapist code: the therapist taking the floor from a client whose turn
  is transcribed as broken off (a trailing dash), or whose turn the therapist's start time
  overlaps. A client interrupting the therapist is not coded.

The rules are measured on a hand-labelled held-out set (see ``alliance.coding.cue_eval`` and
``docs/cues.md``); they are a first, inspectable layer, not a replacement for a trained coder.
"""

from __future__ import annotations

import dataclasses
import re
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from alliance.model import Code, Role, Session, Utterance

__all__ = [
    "CLIENT_CUES",
    "CUES",
    "RULES",
    "THERAPIST_CUES",
    "CueCoder",
    "Rule",
    "code_utterances",
    "normalise",
]

THERAPIST_CUES: tuple[str, ...] = (
    "affirmation",
    "reflection_of_feeling",
    "asks_permission",
    "advice_without_permission",
    "judgmental",
    "self_disclosure",
    "interruption",
)
CLIENT_CUES: tuple[str, ...] = ("minimal_response", "disagreement")
CUES: tuple[str, ...] = THERAPIST_CUES + CLIENT_CUES

VERSION = "0.2"
SOURCE = f"cues@{VERSION}"


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

_MINIMAL_STRONG = (
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
_MINIMAL_WEAK = (
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


def _alternation(phrases: Iterable[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


_MINIMAL_RE = re.compile(
    r"^(?:(?:" + _alternation(_MINIMAL_STRONG + _MINIMAL_WEAK) + r")(?:[ ,.!?;-]+|$))+$"
)
_MINIMAL_STRONG_RE = re.compile(
    r"^(?:(?:" + _alternation(_MINIMAL_STRONG) + r")(?:[ ,.!?;-]+|$))+$"
)
_MINIMAL_MAX_WORDS = 6

# A client asking for the therapist's view or advice (makes the advice that follows invited).
_ADVICE_REQUEST_RE = re.compile(
    r"\bwhat (?:should|can|could|do|would) (?:i|we) (?:do|try)\b|\b(?:do|would) you think i "
    r"(?:should|could|need)\b|\bshould i\b|\bwhat (?:do|would) you (?:suggest|recommend|advise|"
    r"think i should)\b|\b(?:any|some|got any|have any) (?:ideas|suggestions|advice|tips|options)"
    r"\b|\bwhat are my options\b|\bcan you (?:help me|give me|tell me what|recommend|suggest)\b|"
    r"\bwhat's the best way\b|\bhow (?:do|can|could|should) i\b|\bis there anything (?:i|you)\b|"
    r"\bi(?:'d| would) (?:really )?like (?:some )?(?:more )?(?:information|advice|help|ideas|"
    r"tips|suggestions)\b|\bdo you have anything\b|\bi'm listening\b|\bgo ahead\b"
)

# Words before a match that make a negation of it (in the same clause).
_NEGATION_RE = re.compile(r"(?:\b(?:not|never|no|hardly)\b|n't)\W*(?:\w+\W+){0,2}$")
_WH_BEFORE_RE = re.compile(
    r"(?:\b(?:what|how|why|whether|if|when|where|who|which|whatever)\b|\bdo you think\b|"
    r"\bdon't you think\b)\W*(?:\w+\W+){0,4}$"
)
_QUESTION_START_RE = re.compile(
    r"^\W*(?:and |so |but |um |uh |well |okay |oh )*(?:what|how|why|when|where|who|which|do|does|"
    r"did|is|are|was|were|have|has|had|can|could|would|will|should|shall|may|might|am)\b"
)
_BACKCHANNEL_RE = _MINIMAL_RE  # a therapist turn of this shape is a backchannel, not a takeover
_INVITATION_RE = re.compile(
    r"^(?:(?:mm-hmm|okay|ok|yeah|sure|right|and|um|uh|oh),? )*(?:take your time|go on|go ahead|"
    r"keep going|carry on|tell me more|and then|and|what else|yes)\W*$"
)  # an invitation to go on gives the floor back rather than taking it
_BROKEN_OFF_RE = re.compile(r"(?:-|--|—|–)\s*(?:\[[^\]]*\]\s*)?$")
_TRAILING_WORDS = frozenset(
    {"um", "uh", "er", "erm", "hmm", "mm", "ah", "oh", "so", "and", "but", "or", "because", "cause"}
)

_STUTTER_RE = re.compile(r"\b(\w+)(?:-\1\b)+")
_PARTIAL_RE = re.compile(r"\b(\w{1,3})-(?=\1\w)")
_BRACKETS_RE = re.compile(r"\[[^\]]*\]")
_QUOTED_RE = re.compile(r"\"[^\"]{1,300}\"|“[^”]{1,300}”")
_SPACES_RE = re.compile(r"\s+")
_CONTRACTIONS = (
    ("gonna", "going to"),
    ("wanna", "want to"),
    ("gotta", "got to"),
    ("kinda", "kind of"),
    ("sorta", "sort of"),
)
_CONTRACTIONS_RE = re.compile(r"\b(?:" + "|".join(a for a, _ in _CONTRACTIONS) + r")\b")
_CONTRACTION_MAP = dict(_CONTRACTIONS)


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, stutters collapsed ("I-I" → "i", "wo-would" →
    "would"), bracketed transcriber notes and quoted speech dropped (a therapist quoting a
    doctor's "you need to quit" is not giving advice), casual contractions spelled out, so that
    rules can be written once for clean text."""
    out = text.lower().replace("’", "'").replace("‘", "'").replace("`", "'")
    if "[" in out:
        out = _BRACKETS_RE.sub(" ", out)
    if '"' in out or "“" in out:
        out = _QUOTED_RE.sub(" ", out)
    if "-" in out:
        out = _PARTIAL_RE.sub("", out)
        out = _STUTTER_RE.sub(r"\1", out)
    if "nna" in out or "tta" in out or "nda" in out or "rta" in out:
        out = _CONTRACTIONS_RE.sub(lambda m: _CONTRACTION_MAP[m.group(0)], out)
    return _SPACES_RE.sub(" ", out).strip()


_Compiled = tuple[Rule, re.Pattern[str], re.Pattern[str] | None]
_Trie = dict[str, "_Trie"]


def _literal_trie(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, written as a trie ("f(?:ear|ed up)")
    so that the engine branches on one character at a time instead of trying every word."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        if "" in node:
            return ""  # a key word ends here; longer ones through it add nothing
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(trie)


def _compile(rules: Sequence[Rule]) -> dict[str, tuple[_Compiled, ...]]:
    """Each rule's pattern, and a literal pattern of its key words (one C-level search is much
    cheaper than testing the words one by one in Python)."""
    by_cue: dict[str, list[_Compiled]] = {}
    for rule in rules:
        needs = re.compile(_literal_trie(rule.needs)) if rule.needs else None
        by_cue.setdefault(rule.cue, []).append((rule, re.compile(rule.pattern), needs))
    return {cue: tuple(entries) for cue, entries in by_cue.items()}


def _cue_key_words(rules: Sequence[Rule]) -> dict[str, re.Pattern[str] | None]:
    """Per cue, the union of its rules' key words (``None`` when a rule has none)."""
    words: dict[str, set[str] | None] = {}
    for rule in rules:
        have = words.setdefault(rule.cue, set())
        if have is None:
            continue
        if not rule.needs:
            words[rule.cue] = None
        else:
            have.update(rule.needs)
    return {
        cue: None if found is None else re.compile(_literal_trie(found))
        for cue, found in words.items()
    }


_COMPILED = _compile(RULES)
_CUE_KEY_WORDS = _cue_key_words(RULES)
_USE_KEY_WORDS = True  # tests switch it off to check that it never changes a result
_THERAPIST_TEXT_CUES = tuple(c for c in THERAPIST_CUES if c in _COMPILED)
_CLIENT_TEXT_CUES = tuple(c for c in CLIENT_CUES if c in _COMPILED)


def _clause_before(norm: str, start: int) -> str:
    """The text of the clause before ``start`` (back to the last punctuation mark)."""
    window = norm[max(0, start - 40) : start]
    cut = max(window.rfind(","), window.rfind("."), window.rfind("?"), window.rfind("!"))
    return window[cut + 1 :] if cut >= 0 else window


def _sentence_is_question(norm: str, start: int, end: int) -> bool:
    """Whether the sentence holding [start, end) is a question that starts with a question word
    or an auxiliary (not a declarative reflection with a question mark)."""
    left = max(norm.rfind(".", 0, start), norm.rfind("!", 0, start), norm.rfind("?", 0, start))
    stops = [i for i in (norm.find(c, end) for c in ".!?") if i >= 0]
    right = min(stops) if stops else len(norm)
    if right >= len(norm) or norm[right] != "?":
        return False
    return _QUESTION_START_RE.match(norm[left + 1 : right]) is not None


def _text_rules(norm: str, cue: str, *, after_question: bool = False) -> list[Rule]:
    fired: list[Rule] = []
    cue_needs = _CUE_KEY_WORDS[cue]
    if _USE_KEY_WORDS and cue_needs is not None and cue_needs.search(norm) is None:
        return fired
    for rule, regex, needs in _COMPILED[cue]:
        if _USE_KEY_WORDS and needs is not None and needs.search(norm) is None:
            continue
        for match in regex.finditer(norm):
            start = match.start()
            if rule.negatable and _NEGATION_RE.search(_clause_before(norm, start)):
                continue
            if rule.not_after_wh and _WH_BEFORE_RE.search(_clause_before(norm, start)):
                continue
            if rule.statement_only and _sentence_is_question(norm, start, match.end()):
                continue
            if rule.not_after_question and after_question:
                continue
            fired.append(rule)
            break
    return fired


def _minimal(norm: str) -> Rule | None:
    stripped = norm.strip(" .,!?;-—–")
    if not stripped or len(stripped.split()) > _MINIMAL_MAX_WORDS:
        return None
    if _MINIMAL_STRONG_RE.match(stripped):
        return _MINIMAL_BACKCHANNEL
    if _MINIMAL_RE.match(stripped):
        return _MINIMAL_NONCOMMITTAL
    return None


_MINIMAL_BACKCHANNEL = Rule("minimal.backchannel", "minimal_response", "", 0.9)
_MINIMAL_NONCOMMITTAL = Rule("minimal.noncommittal", "minimal_response", "", 0.75)
_INTERRUPT_DASH = Rule("interrupt.client_broken_off", "interruption", "", 0.6)
_INTERRUPT_RESUMED = Rule("interrupt.client_resumes", "interruption", "", 0.8)
_INTERRUPT_OVERLAP = Rule("interrupt.time_overlap", "interruption", "", 0.75)
CONTEXT_RULES: tuple[Rule, ...] = (
    _MINIMAL_BACKCHANNEL,
    _MINIMAL_NONCOMMITTAL,
    _INTERRUPT_DASH,
    _INTERRUPT_RESUMED,
    _INTERRUPT_OVERLAP,
)
"""Rules that are not a single pattern: whole-utterance minimal responses and the interruption
rules that compare an utterance with its neighbours."""

OVERLAP_TOLERANCE_S = 0.1
"""Seconds of overlap ignored, so that rounded or abutting times are not read as interruptions."""


def _combine(rules: Sequence[Rule]) -> float:
    """Noisy-or of the rules' confidences, capped: several independent signs are surer than
    one, never certain."""
    miss = 1.0
    for rule in rules:
        miss *= 1.0 - rule.confidence
    return round(min(0.95, 1.0 - miss), 3)


def _code(rules: Sequence[Rule]) -> Code:
    return Code(
        value=True,
        confidence=_combine(rules),
        source=SOURCE,
        cues=tuple(dict.fromkeys(r.name for r in rules)),
    )


def _content_words(norm: str) -> int:
    return sum(1 for w in re.findall(r"[a-z']+", norm) if w not in _TRAILING_WORDS)


def _last_sentence(norm: str) -> str:
    cut = max(norm.rfind(". "), norm.rfind("? "), norm.rfind("! "))
    return norm[cut + 2 :] if cut >= 0 else norm


def _interruption(
    previous: Utterance | None,
    current: Utterance,
    following: Utterance | None,
    norm_current: str,
) -> list[Rule]:
    """The therapist taking the floor from a client: by times when both are known, otherwise by
    the transcript's mark of a broken-off client turn. A backchannel ("mm-hmm") during the
    client's turn, or the therapist finishing its own cut sentence (leading dash), is not one."""
    if previous is None or previous.role is not Role.CLIENT:
        return []
    stripped = norm_current.strip(" .,!?;")
    if not stripped or _BACKCHANNEL_RE.match(stripped) or _INVITATION_RE.match(stripped):
        return []
    fired: list[Rule] = []
    if (
        current.start is not None
        and previous.end is not None
        and current.start < previous.end - OVERLAP_TOLERANCE_S
        and (previous.start is None or current.start > previous.start)
    ):
        fired.append(_INTERRUPT_OVERLAP)
    if current.text.lstrip().startswith(("-", "—", "–")):
        return fired
    if _BROKEN_OFF_RE.search(previous.text.rstrip()):
        if _content_words(_last_sentence(normalise(previous.text))) == 0:
            return fired  # "Um—", "...that I had. So-": trailing off, not cut off
        if (
            following is not None
            and following.role is Role.CLIENT
            and following.text.lstrip().startswith(("-", "—", "–"))
        ):
            fired.append(_INTERRUPT_RESUMED)
        else:
            fired.append(_INTERRUPT_DASH)
    return fired


def code_utterances(utterances: Sequence[Utterance]) -> list[dict[str, Code]]:
    """The cue codes of each utterance of one session, in order (empty dict where none fired).

    One pass: each utterance is normalised once and scanned once per cue of its side; the
    context the advice and interruption rules need is kept as it goes."""
    results: list[dict[str, Code]] = []
    recent_permission: deque[bool] = deque(maxlen=3)  # the therapist's last turns
    recent_request: deque[bool] = deque(maxlen=2)  # the client's last turns
    norms = [normalise(u.text) for u in utterances]
    for i, utterance in enumerate(utterances):
        norm = norms[i]
        found: dict[str, list[Rule]] = {}
        if utterance.role is Role.THERAPIST:
            if _minimal(norm) is None:  # a backchannel ("mm-hmm", "okay, great") carries no cue
                for cue in _THERAPIST_TEXT_CUES:
                    fired = _text_rules(norm, cue)
                    if fired:
                        found[cue] = fired
            advice = found.get("advice_without_permission")
            permission = found.get("asks_permission")
            if advice and (any(recent_permission) or any(recent_request)):
                del found["advice_without_permission"]
            elif advice and permission:
                # advice offered and permission asked in one turn ("I've an idea for you, would
                # you like to hear it?") is advice with permission
                del found["advice_without_permission"]
            previous = utterances[i - 1] if i > 0 else None
            following = utterances[i + 1] if i + 1 < len(utterances) else None
            interrupted = _interruption(previous, utterance, following, norm)
            if interrupted:
                found["interruption"] = interrupted
            recent_permission.append(bool(permission))
        elif utterance.role is Role.CLIENT:
            minimal = _minimal(norm)
            if minimal is not None:
                found["minimal_response"] = [minimal]
            previous = utterances[i - 1] if i > 0 else None
            after_question = previous is not None and previous.text.rstrip().endswith("?")
            for cue in _CLIENT_TEXT_CUES:
                fired = _text_rules(norm, cue, after_question=after_question)
                if fired:
                    found[cue] = fired
            if "disagreement" in found:
                found.pop("minimal_response", None)  # pushing back is not a content-free reply
            recent_request.append(_ADVICE_REQUEST_RE.search(norm) is not None)
        results.append({cue: _code(rules) for cue, rules in found.items()})
    return results


class CueCoder:
    """Pipeline step: adds the cue codes (``codes.affirmation`` ... ``codes.disagreement``) to
    each utterance, keeping every code it already has (a code of the same key is replaced)."""

    name: ClassVar[str] = "cues"
    version: ClassVar[str] = VERSION
    requires: ClassVar[frozenset[str]] = frozenset({"utterances", "roles", "times"})
    provides: ClassVar[frozenset[str]] = frozenset(f"codes.{cue}" for cue in CUES)
    default: ClassVar[bool] = True
    order: ClassVar[int] = 110

    def __call__(self, sessions: Sequence[Session]) -> list[Session]:
        return [self._session(session) for session in sessions]

    @staticmethod
    def _session(session: Session) -> Session:
        found = code_utterances(session.utterances)
        utterances = tuple(
            _merge(utterance, codes)
            for utterance, codes in zip(session.utterances, found, strict=True)
        )
        return dataclasses.replace(session, utterances=utterances)


def _merge(utterance: Utterance, codes: Mapping[str, Code]) -> Utterance:
    if not codes:
        return utterance
    return dataclasses.replace(utterance, codes={**utterance.codes, **codes})
