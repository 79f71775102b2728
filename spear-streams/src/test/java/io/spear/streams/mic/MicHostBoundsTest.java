package io.spear.streams.mic;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.runtime.host.Errno;
import io.spear.runtime.host.fd.FdTable;
import io.spear.streams.media.MediaServices;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MicHostBoundsTest {

  @Test
  void aGuestCannotAskForAQueueLargerThan64MiBOnTheNodesHeap() {
    MicHost host = new MicHost(new FdTable(16), MediaServices.none());
    int fd = host.create();
    try {
      for (String huge : new String[] {"9223372036854775807", "2147483647", "67108865", "1e308"}) {
        assertThat(set(host, fd, "{\"source\":\"stub\",\"max_queue_bytes\":" + huge + "}"))
            .as(huge)
            .isEqualTo(-Errno.EINVAL);
      }
      assertThat(set(host, fd, "{\"source\":\"stub\",\"max_queue_bytes\":67108864}")).isZero();
    } finally {
      host.close();
    }
  }

  private static int set(MicHost host, int fd, String json) {
    return host.control(
        fd, MicHost.SET_PARAM, json.getBytes(StandardCharsets.UTF_8), bytes -> bytes.length);
  }
}
