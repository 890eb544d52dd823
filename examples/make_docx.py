# ruff: noqa: E501
"""Build examples/carer-session.docx, a synthetic transcript in the layout transcription services
deliver in Word: a speaker-and-time line, the words in the paragraph below.

Run from the repository root: ``python examples/make_docx.py``. Needs python-docx (a dependency
of alliance). The dialogue is synthetic, written for the project; it is not a real session.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent

TURNS: list[tuple[str, str, str]] = [
    ("Therapist", "00:00:02", "Hello Helen. How are things since we last met?"),
    ("Helen", "00:00:09", "Oh, you know. Up and down. Mum had a fall on Thursday."),
    ("Therapist", "00:00:16", "Oh no. Is she all right?"),
    (
        "Helen",
        "00:00:22",
        "She's fine, thank goodness. Bruised her hip. But I was at work and the neighbour found her, and I just felt awful.",
    ),
    ("Therapist", "00:00:35", "You weren't there, and someone else found her."),
    (
        "Helen",
        "00:00:41",
        "Exactly. I should have been there. I keep thinking, what if Pat hadn't popped round.",
    ),
    ("Therapist", "00:00:52", "That what if has been going round and round."),
    ("Helen", "00:00:58", "All weekend. I hardly slept."),
    ("Therapist", "00:01:02", "It sounds like it frightened you a lot."),
    ("Helen", "00:01:10", "It did. And it made me feel like I'm failing her."),
    ("Therapist", "00:01:17", "Failing her. Can you say more about that?"),
    (
        "Helen",
        "00:01:25",
        "She looked after me my whole life. And now she needs me and I'm at work five days a week.",
    ),
    (
        "Therapist",
        "00:01:37",
        "There's a sense that you owe her, and you can't give her what you think she deserves.",
    ),
    (
        "Helen",
        "00:01:48",
        "Yes. My brother lives in Leeds, he phones on Sundays, that's it. It's all on me.",
    ),
    ("Therapist", "00:01:59", "You're carrying this mostly on your own."),
    ("Helen", "00:02:05", "Pretty much. My husband helps but he's not her son, it's different."),
    ("Therapist", "00:02:15", "And your work, how is that going?"),
    (
        "Helen",
        "00:02:19",
        "I've cut down to four days. I'm a school business manager, so it's quite full on.",
    ),
    ("Therapist", "00:02:30", "You've already made some real adjustments."),
    ("Helen", "00:02:37", "I suppose I have. It never feels enough though."),
    (
        "Therapist",
        "00:02:45",
        "It's striking how much you're doing, and how little of it you seem to give yourself credit for.",
    ),
    ("Helen", "00:02:56", "That's what my husband says."),
    ("Therapist", "00:03:03", "What do you think he's noticing?"),
    (
        "Helen",
        "00:03:09",
        "That I'm running on empty. I've stopped seeing my friends. I haven't been to choir since June.",
    ),
    ("Therapist", "00:03:20", "Choir used to be important to you."),
    (
        "Helen",
        "00:03:28",
        "It was my thing. Tuesday nights. I've sung with them for fifteen years.",
    ),
    ("Therapist", "00:03:37", "Fifteen years. That's a big part of who you are."),
    (
        "Helen",
        "00:03:44",
        "It is. I miss it terribly. But how can I go singing when Mum's on her own?",
    ),
    ("Therapist", "00:03:54", "It feels wrong to take time for yourself while she needs you."),
    ("Helen", "00:04:04", "Yes. Selfish."),
    ("Therapist", "00:04:09", "Selfish is a strong word."),
    ("Helen", "00:04:13", "I know. I wouldn't say it about anyone else."),
    (
        "Therapist",
        "00:04:19",
        "What would you say to a friend in your position who wanted to go to choir?",
    ),
    ("Helen", "00:04:29", "I'd tell her to go. Obviously. That she needs it to keep going."),
    ("Therapist", "00:04:39", "So you know what you'd tell someone else."),
    ("Helen", "00:04:45", "I do. It's just different when it's me."),
    ("Therapist", "00:04:50", "What makes it different?"),
    (
        "Helen",
        "00:04:57",
        "I think it's the guilt. If anything happened on a Tuesday night, I'd never forgive myself.",
    ),
    ("Therapist", "00:05:08", "So the fall has made the guilt louder."),
    ("Helen", "00:05:13", "Much louder."),
    (
        "Therapist",
        "00:05:16",
        "Would it be helpful to look at what's in place for your mum at the moment? Sometimes it helps to see it laid out.",
    ),
    ("Helen", "00:05:29", "Yes, all right."),
    ("Therapist", "00:05:34", "What support does she have now?"),
    (
        "Helen",
        "00:05:39",
        "Carers come in the morning and at tea time. Pat next door. And me every evening and most of the weekend.",
    ),
    (
        "Therapist",
        "00:05:51",
        "Has anyone mentioned things like a pendant alarm, the kind she could press if she fell?",
    ),
    ("Helen", "00:06:00", "The social worker mentioned it. I haven't got round to it."),
    ("Therapist", "00:06:07", "What's got in the way?"),
    (
        "Helen",
        "00:06:14",
        "Time. And Mum says she doesn't want one. She says they're for old people.",
    ),
    ("Therapist", "00:06:24", "She's resistant, and you've been stretched too thin to push it."),
    ("Helen", "00:06:31", "Exactly. But after Thursday I think I need to."),
    ("Therapist", "00:06:36", "What would it change for you if she had one?"),
    (
        "Helen",
        "00:06:44",
        "I'd sleep better. I'd know she could get help. I might even go to choir.",
    ),
    (
        "Therapist",
        "00:06:54",
        "So the alarm might give you both some safety and some breathing room.",
    ),
    ("Helen", "00:07:02", "Yes. I hadn't connected those two things."),
    ("Therapist", "00:07:07", "How might you approach your mum about it, given she's not keen?"),
    (
        "Helen",
        "00:07:15",
        "Maybe if I say it's for me. That it would help me worry less. She'd do it for me.",
    ),
    ("Therapist", "00:07:28", "You know her well."),
    ("Helen", "00:07:34", "Fifty-two years. I know which buttons to press."),
    ("Therapist", "00:07:42", "What else might help?"),
    (
        "Helen",
        "00:07:45",
        "My brother. I've never asked him for anything specific. He just phones.",
    ),
    ("Therapist", "00:07:54", "What would you want to ask him for?"),
    (
        "Helen",
        "00:07:59",
        "Money towards an extra carer visit, maybe. He earns a lot more than me. And to come down one weekend a month.",
    ),
    ("Therapist", "00:08:12", "Those sound like clear, reasonable asks."),
    ("Helen", "00:08:17", "They do when I say them out loud. In my head they feel like begging."),
    ("Therapist", "00:08:27", "It sounds like asking for help doesn't come easily to you."),
    ("Helen", "00:08:35", "Never has. I'm the one people come to."),
    (
        "Therapist",
        "00:08:41",
        "So this would be a bit of a change for you. Being the one who asks.",
    ),
    ("Helen", "00:08:50", "Yes. It would. But I can't keep going like this, I know that."),
    ("Therapist", "00:08:58", "You know you can't keep going like this."),
    ("Helen", "00:09:06", "I'm exhausted. If I go under, who looks after her then?"),
    (
        "Therapist",
        "00:09:12",
        "That's a really important point. Looking after yourself is part of looking after her.",
    ),
    (
        "Helen",
        "00:09:21",
        "Yes. I think I've known that for a while. I just needed someone to say it.",
    ),
    ("Therapist", "00:09:32", "So where does that leave you for this week?"),
    (
        "Helen",
        "00:09:40",
        "I'm going to phone about the alarm tomorrow. And I'm going to ring my brother on Sunday, before he rings me, so I'm ready.",
    ),
    ("Therapist", "00:09:53", "Ringing him first, so you're the one leading the conversation."),
    ("Helen", "00:10:01", "Yes. And maybe choir. Maybe. If the alarm's sorted."),
    ("Therapist", "00:10:09", "Maybe choir. No pressure on that one."),
    ("Helen", "00:10:15", "No. But I'd like to aim for it."),
    ("Therapist", "00:10:23", "It sounds like a good thing to aim for."),
    ("Helen", "00:10:32", "Thank you. I feel a bit better. Less stuck."),
    ("Therapist", "00:10:38", "I'm glad. Shall we see how the calls go and pick it up next time?"),
    ("Helen", "00:10:50", "Yes, please. Same time next week."),
]


def main() -> None:
    document = Document()
    document.add_heading("Session transcript", level=1)
    document.add_paragraph("Synthetic example for alliance - not a real client")
    for speaker, stamp, text in TURNS:
        label = document.add_paragraph()
        run = label.add_run(f"{speaker} {stamp}")
        run.bold = True
        run.font.size = Pt(10)
        document.add_paragraph(text)
    # A fixed core-properties date keeps the file byte-stable between runs.
    from datetime import datetime

    fixed = datetime(2025, 1, 1)
    document.core_properties.created = fixed
    document.core_properties.modified = fixed
    document.core_properties.author = "alliance examples"
    document.save(HERE / "carer-session.docx")


if __name__ == "__main__":
    main()
