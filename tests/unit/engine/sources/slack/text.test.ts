import { describe, expect, it } from 'vitest';
import {
  mentionedUserIds,
  referencedChannelIds,
  slackToPlain,
} from '../../../../../electron/engine/sources/slack/text';

const names = {
  user: (id: string) => ({ U123: 'anna', U9: 'Bob Builder' })[id],
  channel: (id: string) => ({ C42: 'ops' })[id],
};

describe('slackToPlain', () => {
  it('turns user and channel mentions into names', () => {
    expect(slackToPlain('hey <@U123> and <@U9|bob>, see <#C42> and <#C77|random>', names)).toBe(
      'hey @anna and @Bob Builder, see #ops and #random',
    );
  });
  it('falls back to the label or id when a name is unknown', () => {
    expect(slackToPlain('<@U555|carol> <@U556> <#C1>', names)).toBe('@carol @U556 #C1');
  });
  it('turns links into their labels and keeps bare URLs', () => {
    expect(
      slackToPlain(
        'read <https://x.test/a?b=1&amp;c=2|the doc> or <https://y.test> or <mailto:a@b.c|a@b.c>',
        names,
      ),
    ).toBe('read the doc or https://y.test or a@b.c');
  });
  it('keeps emoji codes, decodes entities, renders specials and collapses whitespace', () => {
    expect(
      slackToPlain(
        ':fire: &lt;b&gt; &amp;\n\n<!here> <!subteam^S1|@oncall> <!date^1392734382^{date}|Feb 18>',
        names,
      ),
    ).toBe(':fire: <b> & @here @oncall Feb 18');
  });
  it('bounds the preview', () => {
    const out = slackToPlain('x'.repeat(1000), names, 50);
    expect(out).toHaveLength(50);
    expect(out.endsWith('…')).toBe(true);
  });
  it('lists ids to look up', () => {
    expect(mentionedUserIds('<@U1> <@W2|x> <@U1>')).toEqual(['U1', 'W2']);
    expect(referencedChannelIds('<#C1> <#G2|named>')).toEqual(['C1']);
  });
});
