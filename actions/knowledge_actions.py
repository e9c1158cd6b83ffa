"""The ask_question action: answer from the knowledge base, or say it does not know."""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_entity_values
from knowledge_base.search import decide_with_settings, knowledge_base_at
from servicedesk.config import load_settings


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
        decision = decide_with_settings(hits, settings)
        if decision.kind == "unknown":
            dispatcher.utter_message(response="utter_knowledge_unknown")
        elif decision.kind == "choose":
            buttons = [
                {"title": hit.article.title, "payload": f'/ask_question{{"article_id":"{hit.article.id}"}}'}
                for hit in decision.hits
            ]
            dispatcher.utter_message(response="utter_knowledge_choose", buttons=buttons)
        else:
            best = decision.hits[0].article
            dispatcher.utter_message(response="utter_knowledge_answer", title=best.title, answer=best.answer)
        return []

