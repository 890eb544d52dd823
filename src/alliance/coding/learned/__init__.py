"""The learned utterance coder: MiniLM sentence embeddings of each utterance and its
neighbours, TF-IDF n-grams and a few lexical facts, fed to logistic-regression heads trained on
AnnoMI (see ``docs/model-card.md``)."""

from alliance.coding.learned.coder import MODEL_VERSION, LearnedCoder, decode
from alliance.coding.learned.model import HEADS, Head, LearnedModel, SessionInput, default_model_dir

__all__ = [
    "HEADS",
    "MODEL_VERSION",
    "Head",
    "LearnedCoder",
    "LearnedModel",
    "SessionInput",
    "decode",
    "default_model_dir",
]
