/**
 * A slash command's text as the person typed it. Slack sends it marked up (`should_escape`): `&`, `<` and `>` as
 * entities, @channel as `<!channel>`, channels as `<#C1|name>`, links as `<https://…|label>`. Those become the plain
 * words they stand for, so "R&D" is stored as R&D (and escaped again wherever it is drawn). User mentions stay as
 * `<@U1|name>`: the surface identifies people from them.
 */
export function commandText(text: string): string {
  return text
    .replace(/<!(\w+)(?:\^[^|>]*)?(?:\|([^>]*))?>/g, (_m, word: string, label?: string) => (label ? label : `@${word}`))
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<((?:https?|mailto):[^|>]*)(?:\|([^>]*))?>/g, (_m, url: string, label?: string) => label ?? url)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
