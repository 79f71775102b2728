package io.spear.streams.rtasr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.LongNode;
import io.spear.runtime.host.Errno;
import io.spear.streams.media.MediaMetrics;
import org.junit.jupiter.api.Test;

class RtasrSessionBoundsTest {

  @Test
  void aGuestCannotAskForQueuesLargerThan64MiBOnTheNodesHeap() {
    RtasrSession session = new RtasrSession(new MediaMetrics(), () -> 0L);

    for (String key : new String[] {"max_send_queue_bytes", "max_recv_queue_bytes"}) {
      assertThat(session.setParam(key, LongNode.valueOf(Long.MAX_VALUE))).isEqualTo(-Errno.EINVAL);
      assertThat(session.setParam(key, LongNode.valueOf(RtasrSession.MAX_QUEUE_BYTES + 1)))
          .isEqualTo(-Errno.EINVAL);
      assertThat(session.setParam(key, LongNode.valueOf(RtasrSession.MAX_QUEUE_BYTES))).isZero();
    }
    assertThat(new String(session.status(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"max_send_queue_bytes\":67108864", "\"max_recv_queue_bytes\":67108864");
  }
}
