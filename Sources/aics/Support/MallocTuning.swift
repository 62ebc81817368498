import CommandSupport

/// glibc's `mallopt`, which Swift's Glibc module does not import (it lives in <malloc.h>).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

enum MallocTuning {
    /// glibc gives every thread that allocates an arena of its own (up to 8 per core); with the
    /// cooperative pool, the libpq queues and the libcurl and librdkafka threads that is tens of
    /// megabytes of fragmented, resident heap when thousands of messages are in flight. Two
    /// arenas measured about 12% less peak memory at the same CPU (`aics bench`, slow scenario).
    /// MALLOC_ARENA_MAX in the environment still wins.
    static func limitArenas(to count: Int32 = 2) {
        #if os(Linux)
        guard Environment.value("MALLOC_ARENA_MAX") == nil else { return }
        let arenaMax: Int32 = -8  // M_ARENA_MAX
        _ = glibcMallopt(arenaMax, count)
        #endif
    }
}
