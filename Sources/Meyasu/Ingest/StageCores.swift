#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Which core each stage of a large first import keeps to, on a machine where the import may use
/// exactly two: the reading and the writing on one, the two Text workers on the other.
///
/// With four busy threads on two cores the system moves each thread from core to core, and every
/// move costs the routing tables (a 512 KB feature table and 1 MB of weights) their place in the
/// core's cache. Kept apart, the Text workers find them there, and the two halves of the work are
/// about even (the Text stage is about 48% of a first import's CPU). In ten interleaved pairs of
/// first imports of 100,000 rows, the pinned one took 7% less time at the median, and less CPU
/// (Benchmarks/README.md, "Stages kept to cores").
///
/// Not used when the import may use another number of cores (with four or more, each thread
/// has one anyway), for small files (nothing to gain), nor when rows may be found stored already
/// (the Text workers then have little to do, and their core would wait).
struct StageCores: Sendable {
    /// The core of the reading thread and of the writing (importing) one.
    let reading: Int
    /// The core of the Text workers.
    let text: Int

    /// Files below this size are imported without pinning.
    static let minimumFileSize = 16 << 20

    /// The two cores, or nil when the process may not use exactly two (or cannot tell).
    static func current() -> StageCores? {
        guard let mask = Affinity.mask() else { return nil }
        var cores: [Int] = []
        for byte in mask.indices {
            for bit in 0..<8 where mask[byte] & (1 << bit) != 0 { cores.append(byte * 8 + bit) }
        }
        guard cores.count == 2 else { return nil }
        return StageCores(reading: cores[0], text: cores[1])
    }

    /// Keeps the calling thread to `core`; the mask it had, for `restore`, or nil when it could
    /// not be changed (the thread then runs where the system puts it, as without this).
    @discardableResult
    static func pin(to core: Int) -> [UInt8]? {
        guard let saved = Affinity.mask(), core >= 0, core < Affinity.maskBytes * 8 else { return nil }
        var mask = [UInt8](repeating: 0, count: Affinity.maskBytes)
        mask[core / 8] = 1 << UInt8(core % 8)
        return Affinity.set(mask) ? saved : nil
    }

    /// Gives the calling thread back the cores it had before `pin`.
    static func restore(_ mask: [UInt8]?) {
        if let mask { _ = Affinity.set(mask) }
    }
}

/// The calling thread's CPU affinity, through glibc's `sched_getaffinity` and `sched_setaffinity`
/// (GNU extensions that Swift's Glibc module does not declare, so they are looked up by name).
private enum Affinity {
    /// Room for 1,024 CPUs, as glibc's `cpu_set_t`.
    static let maskBytes = 128

    private typealias Call = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32

    private static let calls: (get: Call, set: Call)? = {
        #if os(Linux)
        guard let handle = dlopen(nil, RTLD_NOW),
              let get = dlsym(handle, "sched_getaffinity"),
              let set = dlsym(handle, "sched_setaffinity") else { return nil }
        return (unsafeBitCast(get, to: Call.self), unsafeBitCast(set, to: Call.self))
        #else
        return nil
        #endif
    }()

    /// The calling thread's mask; nil when it cannot be read.
    static func mask() -> [UInt8]? {
        guard let calls else { return nil }
        var mask = [UInt8](repeating: 0, count: maskBytes)
        let result = mask.withUnsafeMutableBytes { calls.get(0, maskBytes, $0.baseAddress!) }
        return result == 0 ? mask : nil
    }

    /// Sets the calling thread's mask; false when it could not be.
    static func set(_ mask: [UInt8]) -> Bool {
        guard let calls else { return false }
        var mask = mask
        return mask.withUnsafeMutableBytes { calls.set(0, maskBytes, $0.baseAddress!) } == 0
    }
}
