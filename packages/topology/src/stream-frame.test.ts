import { describe, expect, it } from 'vitest';
import { STREAM_HEARTBEAT, streamFrame, streamRetryFrame } from './stream-frame.ts';

describe('streamFrame', () => {
  it('writes the id first, then the event and its data as one line of JSON', () => {
    expect(
      streamFrame({
        event: 'delta',
        id: 'boot.7',
        data: {
          revision: 7,
          upsertNodes: [],
          removeNodes: ['Service/shop/a'],
          upsertEdges: [],
          removeEdges: [],
          upsertFindings: [],
          removeFindings: [],
        },
      }),
    ).toBe(
      'id: boot.7\nevent: delta\ndata: {"revision":7,"upsertNodes":[],"removeNodes":["Service/shop/a"],"upsertEdges":[],"removeEdges":[],"upsertFindings":[],"removeFindings":[]}\n\n',
    );
  });

  it('leaves the id out when there is none', () => {
    expect(streamFrame({ event: 'revoked', data: { message: 'gone\nfor good' } })).toBe(
      'event: revoked\ndata: {"message":"gone\\nfor good"}\n\n',
    );
  });

  it('frames heartbeats as comments and the reconnection delay as a retry field', () => {
    expect(STREAM_HEARTBEAT).toBe(': ping\n\n');
    expect(streamRetryFrame(2000)).toBe('retry: 2000\n\n');
  });
});
