import CICU

/// Splits Japanese text into words with ICU's dictionary-based word break iterator, for routing
/// features and search.
///
/// Spaces and punctuation are not words. Not thread-safe (it owns an ICU iterator): one per
/// thread or task.
public final class WordSegmenter {
    private let iterator: OpaquePointer
    private var starts: [Int32] = []
    private var ends: [Int32] = []

    public init() {
        guard let iterator = cicu_words_open() else {
            // ICU without its break data cannot run Meyasu at all; say so plainly.
            fatalError("ICU's word break iterator is unavailable; install libicu with its data (libicu72).")
        }
        self.iterator = iterator
    }

    deinit { cicu_words_close(iterator) }

    /// The words of `text`, in order.
    public func words(in text: String) -> [String] {
        let utf16 = Array(text.utf16)
        return ranges(in: utf16).map { String(decoding: utf16[$0], as: UTF16.self) }
    }

    /// Where the words of `utf16` are, as UTF-16 offsets, in order.
    public func ranges(in utf16: [UInt16]) -> [Range<Int>] {
        if utf16.isEmpty { return [] }
        if starts.count < utf16.count {
            starts = [Int32](repeating: 0, count: utf16.count)
            ends = [Int32](repeating: 0, count: utf16.count)
        }
        let count = starts.withUnsafeMutableBufferPointer { startBuffer in
            ends.withUnsafeMutableBufferPointer { endBuffer in
                cicu_words_find(iterator, utf16, Int32(utf16.count), startBuffer.baseAddress, endBuffer.baseAddress,
                                Int32(utf16.count))
            }
        }
        guard count > 0 else { return [] }
        return (0..<Int(count)).map { Int(starts[$0])..<Int(ends[$0]) }
    }
}
