/// Hands memory freed by rebuilt charts back to the system, so a dashboard left running for
/// days keeps a small footprint instead of the allocator's high-water mark.
///
/// ```swift
/// model = DashboardModel(store: source.store, smoothing: 10)
/// MemoryTrim.returnFreeMemory()
/// ```
enum MemoryTrim {
    static func returnFreeMemory() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
/// glibc's `malloc_trim` (declared in <malloc.h>, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
