// The decoder: EncodingDetector.sniff over the input as a whole file, and CellDecoder over the
// input as one cell in UTF-8 and in CP932.
//
// Checks: no crash or hang; UTF-8 decoding accepts exactly the well-formed inputs and gives the
// same bytes back; CP932 decoding of ASCII is the identity; a decoder that refused a cell still
// decodes the next one correctly (the ICU converter keeps no state between cells); a file that
// is well-formed UTF-8 is never sniffed as CP932.
import FuzzSupport
@testable import Meyasu

nonisolated(unsafe) let utf8Decoder = CellDecoder(encoding: .utf8)
nonisolated(unsafe) let cp932Decoder = CellDecoder(encoding: .cp932)
/// あい in CP932, and a half-width katakana ｱ: decoded after every input to catch leftover state.
let probe: [UInt8] = [0x82, 0xA0, 0x82, 0xA2, 0xB1]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let wellFormed = isWellFormedUTF8(bytes)

    let asUTF8 = utf8Decoder.decode(bytes)
    invariant((asUTF8 != nil) == wellFormed, "UTF-8 decoding disagrees with well-formedness")
    if let asUTF8 { invariant(asUTF8.utf8.elementsEqual(bytes), "UTF-8 decoding changed the bytes") }

    let asCP932 = cp932Decoder.decode(bytes)
    if !bytes.contains(where: { $0 >= 0x80 }) {
        invariant(asCP932 != nil && asCP932!.utf8.elementsEqual(bytes), "CP932 decoding of ASCII is not the identity")
    }
    if let asCP932 {
        invariant(asCP932.unicodeScalars.count <= size, "CP932 gave more characters than bytes")
        invariant(cp932Decoder.decode(bytes) == asCP932, "CP932 decoding is not repeatable")
        invariant(cp932Decoder.decode(Array(bytes)[...]) == asCP932, "CP932 decoding of a slice differs")
    }
    invariant(cp932Decoder.decode(probe[...]) == "あいｱ", "the CP932 decoder kept state from the previous cell")

    let path = ScratchFile.write(bytes)
    guard let file = try? ByteFile(path: path) else { return 0 }
    for forced in [nil, TextEncoding.utf8, .cp932] {
        do {
            let sniff = try EncodingDetector.sniff(file, forced: forced)
            invariant(sniff.bomLength == 0 || sniff.bomLength == 3, "odd byte-order mark length")
            if let forced { invariant(sniff.encoding == forced && sniff.forced, "forced encoding ignored") }
            if forced == nil && wellFormed { invariant(sniff.encoding == .utf8, "well-formed UTF-8 sniffed as CP932") }
        } catch is IngestError {
            // A rejected file is an answer, not a failure.
        } catch {
            invariant(false, "sniff threw something other than IngestError: \(type(of: error))")
        }
    }
    return 0
}

@_cdecl("FuzzDecoder_main")
public func fuzzDecoderMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv, fuzzDecoder)
}
