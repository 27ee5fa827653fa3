import CICU

/// Character tables the normaliser needs, derived from ICU's Unicode data once per process.
///
/// Deriving them (rather than typing them in) keeps Meyasu in step with the ICU on the machine:
/// the half-width katakana map, voiced-mark composition and NFKC of compatibility characters all
/// come from ICU's normalisation data.
struct UnicodeTables: Sendable {
    /// NFKC of every BMP scalar whose NFKC differs from itself (compatibility characters).
    let nfkc: [UInt32: [UInt32]]
    /// Kana + U+3099 (dakuten) composed, e.g. か → が, ウ → ヴ.
    let voiced: [UInt32: UInt32]
    /// Kana + U+309A (handakuten) composed, e.g. は → ぱ.
    let semiVoiced: [UInt32: UInt32]

    static let shared: UnicodeTables = {
        // One ICU call per character into a buffer used throughout, and no array or string for
        // the characters that are their own normal form (most of them): building the tables went
        // from about 99 M to about 30 M instructions, on the path of every import's first row
        // (Benchmarks/README.md).
        var output = [UInt16](repeating: 0, count: 64)
        var units: [UInt16] = []
        return UnicodeTables { form, scalars in
            units.removeAll(keepingCapacity: true)
            for scalar in scalars { units.append(UInt16(truncatingIfNeeded: scalar)) }  // BMP scalars only
            let count = output.withUnsafeMutableBufferPointer { out in
                cicu_normalize(form, units, Int32(units.count), out.baseAddress, Int32(out.count))
            }
            guard count >= 0, !output[0..<Int(count)].elementsEqual(units) else { return nil }
            return String(decoding: output[0..<Int(count)], as: UTF16.self).unicodeScalars.map(\.value)
        }
    }()

    /// The tables derived the plain way, through `normalize` a character at a time, for the
    /// tests: `shared` must hold exactly these.
    static func reference() -> UnicodeTables {
        UnicodeTables { form, scalars in
            let result = normalize(form, scalars)
            return result == scalars ? nil : result
        }
    }

    /// Derives the tables with `changed`: ICU's normal form (`form`) of BMP scalars, or nil when
    /// it is the scalars themselves (or ICU failed).
    private init(changed: (_ form: Int32, _ scalars: [UInt32]) -> [UInt32]?) {
        var nfkc: [UInt32: [UInt32]] = [:]
        // Compatibility characters live in these BMP ranges; the rest of the BMP maps to itself
        // under NFKC apart from characters the normaliser handles first (or never sees).
        let ranges: [ClosedRange<UInt32>] = [0x00A0...0x33FF, 0xA640...0xA69F, 0xF900...0xFAFF, 0xFB00...0xFB4F,
                                             0xFE10...0xFE6F, 0xFF00...0xFFEF]
        for range in ranges {
            for value in range where !(0xD800...0xDFFF).contains(value) {
                if let result = changed(Int32(CICU_NFKC), [value]) { nfkc[value] = result }
            }
        }
        self.nfkc = nfkc
        var voiced: [UInt32: UInt32] = [:]
        var semiVoiced: [UInt32: UInt32] = [:]
        for value in UInt32(0x3041)...UInt32(0x30FF) {
            if let composed = changed(Int32(CICU_NFC), [value, 0x3099]), composed.count == 1 {
                voiced[value] = composed[0]
            }
            if let composed = changed(Int32(CICU_NFC), [value, 0x309A]), composed.count == 1 {
                semiVoiced[value] = composed[0]
            }
        }
        self.voiced = voiced
        self.semiVoiced = semiVoiced
    }

    /// Normalises scalars with ICU (`form` is CICU_NFC or CICU_NFKC).
    static func normalize(_ form: Int32, _ scalars: [UInt32]) -> [UInt32] {
        var utf16: [UInt16] = []
        for value in scalars {
            guard let scalar = Unicode.Scalar(value) else { return scalars }
            utf16.append(contentsOf: String(scalar).utf16)
        }
        var out = [UInt16](repeating: 0, count: utf16.count * 18 + 8)
        let count = cicu_normalize(form, utf16, Int32(utf16.count), &out, Int32(out.count))
        guard count >= 0 else { return scalars }
        return String(decoding: out[0..<Int(count)], as: UTF16.self).unicodeScalars.map(\.value)
    }

    /// NFKC of any scalar: the table for the BMP, ICU directly for the rest (rare).
    func compatibility(_ value: UInt32) -> [UInt32]? {
        if value < 0x10000 { return nfkc[value] }
        let result = Self.normalize(Int32(CICU_NFKC), [value])
        return result == [value] ? nil : result
    }
}
