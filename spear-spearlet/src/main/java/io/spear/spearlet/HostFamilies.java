package io.spear.spearlet;

import io.spear.ai.chat.CchatFamily;
import io.spear.host.basic.BasicFamily;
import io.spear.host.epoll.EpollFamily;
import io.spear.host.http.HttpCallFamily;
import io.spear.host.kv.KvFamily;
import io.spear.runtime.host.GuestAbi;
import io.spear.runtime.host.HostFamily;
import io.spear.streams.StreamLimits;
import io.spear.streams.UserStreamBroker;
import io.spear.streams.media.MediaServices;
import io.spear.streams.mic.MicFamily;
import io.spear.streams.rtasr.RtasrFamily;
import io.spear.streams.user.UserStreamFamily;
import java.util.List;

/**
 * The host-call families a node offers its guests, in guest ABI order. A new family is one more
 * line here (and a package of its own); the runtime needs no change.
 */
public final class HostFamilies {

  private HostFamilies() {}

  /**
   * The node's families over its services, without key-value state (no SMS to keep it) and with an
   * {@code http_call} that reaches nothing.
   */
  public static List<HostFamily<?>> of(
      CchatFamily chat, UserStreamBroker userStreams, MediaServices media) {
    return of(chat, userStreams, media, KvFamily.none(), HttpCallFamily.none());
  }

  /** The node's families over its services, its key-value state and its outbound HTTP. */
  public static List<HostFamily<?>> of(
      CchatFamily chat,
      UserStreamBroker userStreams,
      MediaServices media,
      KvFamily kv,
      HttpCallFamily http) {
    return List.of(
        new BasicFamily(),
        chat,
        new EpollFamily(),
        new UserStreamFamily(userStreams),
        new RtasrFamily(media),
        new MicFamily(media),
        kv,
        http);
  }

  /** The node's families without backends, speech services or microphone. */
  public static List<HostFamily<?>> withoutServices() {
    return of(
        CchatFamily.none(), new UserStreamBroker(StreamLimits.DEFAULTS), MediaServices.none());
  }

  /** The guest ABI every node offers: what guests may import, whatever services stand behind. */
  public static GuestAbi abi() {
    return GuestAbi.of(withoutServices());
  }
}
