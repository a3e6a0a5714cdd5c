"""Topic models: the TopicModel estimator (NMF, LDA, Gibbs) on a Dfm, coherence, choice of k,
stability, save/load."""

from toolkit.models.coherence import (
    MEASURES,
    coherence,
    mean_coherence,
    npmi_from_doc_term,
    topic_diversity,
)
from toolkit.models.dtm import topic_dfm
from toolkit.models.fit import fit_topics
from toolkit.models.persistence import ModelFormatError, load_topics, save_topics
from toolkit.models.selection import select_k, topic_stability
from toolkit.models.topics import TopicModel

__all__ = [
    "MEASURES",
    "ModelFormatError",
    "TopicModel",
    "coherence",
    "fit_topics",
    "load_topics",
    "mean_coherence",
    "npmi_from_doc_term",
    "save_topics",
    "select_k",
    "topic_dfm",
    "topic_diversity",
    "topic_stability",
]
