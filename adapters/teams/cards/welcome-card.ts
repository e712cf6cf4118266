import { card, type AdaptiveCard } from './card-types.js';
import { heading, text } from './elements.js';

export function welcomeCard(personal: boolean): AdaptiveCard {
  const how = personal ? 'Type **release** to start one' : 'Mention me with **@Release Bot release** in a channel post to start one';
  return card([
    heading('Hi, I am Release Bot 👋'),
    text(`I run releases by their release model: a few questions, the model that fits and why, a checklist in the thread, and reminders on time. ${how}, or **help** for everything I can do.`),
  ]);
}
