// The normaliser: TextNormalizer's display and key forms of the input (decoded as UTF-8, bad
// sequences replaced), through the String API and the buffer API the import uses.
//
// Checks (docs/normalization.md, TextNormalizerTests): no crash or hang; the key of the display
// form is the key of the text (the import relies on it); the display form is idempotent; the key
// form is one line; each display line is trimmed and
// has no run of spaces; the buffer API gives the same bytes as the String API, well-formed UTF-8.
import FuzzSupport
import Meyasu

let normalizer = TextNormalizer()
nonisolated(unsafe) var buffers = TextNormalizer.Buffers()

func viaBuffers(_ text: String, _ mode: TextNormalizer.Mode) -> [UInt8] {
    var copy = text
    return copy.withUTF8 { bytes in
        normalizer.normalize(utf8: bytes, mode: mode, into: &buffers)
        return Array(buffers.output)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNormalizer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let display = normalizer.display(text)
    let key = normalizer.key(text)
    // The key form is not checked for idempotence: docs/normalization.md does not promise it, and
    // it does not hold where the key drops a tilde or space between context-sensitive characters
    // (ｸ~ﾞ keys to ク゛, that to グ; ９ー~―２ to 9ー2, that to 9-2).

    invariant(normalizer.key(display) == key, "key(display(text)) differs from key(text)")
    invariant(normalizer.display(display) == display, "the display form is not idempotent")
    invariant(!key.contains("\n") && !key.contains("\r"), "the key form has a line break")
    for line in display.split(separator: "\n", omittingEmptySubsequences: false) {
        invariant(!line.hasPrefix(" ") && !line.hasSuffix(" "), "a display line is not trimmed")
        invariant(!line.contains("  "), "a display line has a run of spaces")
    }
    for (mode, expected) in [(TextNormalizer.Mode.display, display), (.key, key)] {
        let bytes = viaBuffers(text, mode)
        let wellFormed = bytes.withUnsafeBufferPointer { isWellFormedUTF8($0) }
        invariant(wellFormed, "the \(mode) form is not well-formed UTF-8")
        invariant(bytes.elementsEqual(expected.utf8), "the buffer API's \(mode) form differs from the String API's")
    }
    return 0
}

@_cdecl("FuzzNormalizer_main")
public func fuzzNormalizerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv, fuzzNormalizer)
}
