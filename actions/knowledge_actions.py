"""The ask_question action: answer from the knowledge base, or say it does not know."""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_entity_values
from knowledge_base.search import SearchHit, knowledge_base_at
from servicedesk.config import load_settings

# The runner-up is offered beside the best article when it scores at least this share of
# the best score.
CLOSE_CALL_RATIO = 0.85


class ActionAnswerQuestion(Action):
    """Answer with the best article and name it; offer a choice on a close call."""

    def name(self) -> Text:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        settings = load_settings()
        knowledge_base = knowledge_base_at(settings.knowledge_base_dir)

        chosen = next(iter(latest_entity_values(tracker, "article_id")), None)
        if chosen:
            article = knowledge_base.article(chosen)
            if article is not None:
                dispatcher.utter_message(response="utter_knowledge_answer", title=article.title, answer=article.answer)
                return []

        hits = knowledge_base.search(tracker.latest_message.get("text") or "", limit=2)
        hits = [
            hit
            for hit in hits
            if hit.score >= settings.knowledge_base_min_score
            and hit.coverage >= settings.knowledge_base_min_coverage
        ]
        if not hits:
            dispatcher.utter_message(response="utter_knowledge_unknown")
        elif _is_close_call(hits):
            buttons = [
                {"title": hit.article.title, "payload": f'/ask_question{{"article_id":"{hit.article.id}"}}'}
                for hit in hits
            ]
            dispatcher.utter_message(response="utter_knowledge_choose", buttons=buttons)
        else:
            best = hits[0].article
            dispatcher.utter_message(response="utter_knowledge_answer", title=best.title, answer=best.answer)
        return []


def _is_close_call(hits: List[SearchHit]) -> bool:
    return len(hits) > 1 and hits[1].score >= CLOSE_CALL_RATIO * hits[0].score
