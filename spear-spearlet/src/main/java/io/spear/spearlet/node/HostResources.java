package io.spear.spearlet.node;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The machine's CPU, memory, disk and load, in SPEAR's resource field names, as strings for a
 * heartbeat's {@code health_info}; SMS stores them as the node's resource report.
 */
final class HostResources {

  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
  private final File disk;

  /** Samples the disk that holds {@code dataDir}. */
  public HostResources(Path dataDir) {
    this.disk = dataDir.toAbsolutePath().toFile();
  }

  /** A fresh sample; values the platform cannot tell are left out. */
  public Map<String, String> sample() {
    Map<String, String> m = new LinkedHashMap<>();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      double cpu = sun.getCpuLoad();
      m.put("cpu_usage_percent", decimal(cpu < 0 ? 0 : cpu * 100));
      long total = sun.getTotalMemorySize();
      long free = sun.getFreeMemorySize();
      if (total > 0) {
        m.put("total_memory_bytes", Long.toString(total));
        m.put("used_memory_bytes", Long.toString(total - free));
        m.put("available_memory_bytes", Long.toString(free));
        m.put("memory_usage_percent", decimal(100.0 * (total - free) / total));
      }
    } else {
      m.put("cpu_usage_percent", "0");
    }
    long diskTotal = disk.getTotalSpace();
    if (diskTotal > 0) {
      long used = diskTotal - disk.getUsableSpace();
      m.put("total_disk_bytes", Long.toString(diskTotal));
      m.put("used_disk_bytes", Long.toString(used));
      m.put("disk_usage_percent", decimal(100.0 * used / diskTotal));
    }
    double load = os.getSystemLoadAverage();
    if (load >= 0) {
      m.put("load_average_1m", decimal(load));
    }
    return m;
  }

  private static String decimal(double value) {
    return String.format(Locale.ROOT, "%.2f", Math.min(Math.max(value, 0), 100_000));
  }
}
