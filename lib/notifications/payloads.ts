import type { NotificationMessage } from "./render";

/**
 * Each channel's shape of one notification or of a digest (several). Pure, so tests check the JSON itself.
 * Teams: an Adaptive Card in a message envelope, what Teams' incoming webhooks (Workflows, and the older
 * connectors) accept. Slack: `{ text, blocks }`, where `text` is the fallback that notifications show.
 */

export type Mail = { subject: string; text: string; html: string };

const escapeHtml = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** Slack's mrkdwn treats &, < and > as control characters. */
const escapeSlack = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

export const digestTitle = (count: number) => `Daily digest: ${count} notification${count === 1 ? "" : "s"}`;

export function mailOf(messages: readonly NotificationMessage[]): Mail {
  const single = messages.length === 1 ? messages[0] : undefined;
  const subject = single ? single.title : digestTitle(messages.length);
  const textOf = (m: NotificationMessage) =>
    [m.title, m.summary, ...m.facts.map(([k, v]) => `${k}: ${v}`), `${m.link.label}: ${m.link.url}`].join("\n");
  const htmlOf = (m: NotificationMessage) =>
    `<h2>${escapeHtml(m.title)}</h2><p>${escapeHtml(m.summary)}</p>` +
    (m.facts.length
      ? `<ul>${m.facts.map(([k, v]) => `<li>${escapeHtml(k)}: ${escapeHtml(v)}</li>`).join("")}</ul>`
      : "") +
    `<p><a href="${escapeHtml(m.link.url)}">${escapeHtml(m.link.label)}</a></p>`;
  return {
    subject,
    text: messages.map(textOf).join("\n\n"),
    html: (single ? "" : `<h1>${escapeHtml(subject)}</h1>`) + messages.map(htmlOf).join("<hr>"),
  };
}

export function teamsPayloadOf(messages: readonly NotificationMessage[]) {
  const single = messages.length === 1 ? messages[0] : undefined;
  const body: unknown[] = single
    ? []
    : [{ type: "TextBlock", text: digestTitle(messages.length), weight: "Bolder", size: "Large", wrap: true }];
  for (const m of messages)
    body.push(
      { type: "TextBlock", text: m.title, weight: "Bolder", size: single ? "Large" : "Medium", wrap: true },
      { type: "TextBlock", text: m.summary, wrap: true },
      ...(m.facts.length ? [{ type: "FactSet", facts: m.facts.map(([title, value]) => ({ title, value })) }] : []),
      ...(single ? [] : [{ type: "TextBlock", text: `[${m.link.label}](${m.link.url})`, wrap: true }]),
    );
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body,
          ...(single ? { actions: [{ type: "Action.OpenUrl", title: single.link.label, url: single.link.url }] } : {}),
        },
      },
    ],
  };
}

export function slackPayloadOf(messages: readonly NotificationMessage[]) {
  const single = messages.length === 1 ? messages[0] : undefined;
  const text = single ? `${single.title}: ${single.link.url}` : digestTitle(messages.length);
  const blocks: unknown[] = single
    ? []
    : [{ type: "header", text: { type: "plain_text", text: digestTitle(messages.length) } }];
  for (const m of messages) {
    blocks.push(
      single
        ? { type: "header", text: { type: "plain_text", text: m.title.slice(0, 150) } }
        : { type: "section", text: { type: "mrkdwn", text: `*<${m.link.url}|${escapeSlack(m.title)}>*` } },
      { type: "section", text: { type: "mrkdwn", text: escapeSlack(m.summary) } },
    );
    // Slack allows ten fields per section.
    if (m.facts.length)
      blocks.push({
        type: "section",
        fields: m.facts
          .slice(0, 10)
          .map(([k, v]) => ({ type: "mrkdwn", text: `*${escapeSlack(k)}*\n${escapeSlack(v)}` })),
      });
    if (single)
      blocks.push({
        type: "actions",
        elements: [{ type: "button", text: { type: "plain_text", text: m.link.label }, url: m.link.url }],
      });
  }
  // Slack refuses more than 50 blocks: a long digest keeps its first items and says so.
  const kept =
    blocks.length > 50
      ? [...blocks.slice(0, 49), { type: "context", elements: [{ type: "mrkdwn", text: "More on the portal." }] }]
      : blocks;
  return { text, blocks: kept };
}
