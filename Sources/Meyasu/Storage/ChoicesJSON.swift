/// Reads the `proposal.choices` column (`[{"field","label","values":[…]}]`, as `ProposalColumns`
/// writes it) without a JSONDecoder: every queue page and list reads it for each row, and a
/// decoder per row cost more than the query. Anything it does not expect returns nil, and the
/// caller falls back to JSONDecoder.
enum ChoicesJSON {
    static func decode(_ bytes: some Collection<UInt8>) -> [ProposalSubmission.ChoiceField]? {
        var reader = Reader(bytes: Array(bytes))
        return reader.choices()
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func skipBlanks() {
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipBlanks()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func peek() -> UInt8? {
            skipBlanks()
            return index < bytes.count ? bytes[index] : nil
        }

        mutating func choices() -> [ProposalSubmission.ChoiceField]? {
            guard take(0x5B) else { return nil }
            var out: [ProposalSubmission.ChoiceField] = []
            if take(0x5D) { return finished(out) }
            repeat {
                guard let choice = object() else { return nil }
                out.append(choice)
            } while take(0x2C)
            guard take(0x5D) else { return nil }
            return finished(out)
        }

        mutating func finished<T>(_ value: T) -> T? {
            skipBlanks()
            return index == bytes.count ? value : nil
        }

        mutating func object() -> ProposalSubmission.ChoiceField? {
            guard take(0x7B) else { return nil }
            var (field, label, values): (String?, String?, [String]?) = (nil, nil, nil)
            if !take(0x7D) {
                repeat {
                    guard let key = string(), take(0x3A) else { return nil }
                    switch key {
                    case "field": guard let value = string() else { return nil }; field = value
                    case "label": guard let value = string() else { return nil }; label = value
                    case "values": guard let value = strings() else { return nil }; values = value
                    default: return nil
                    }
                } while take(0x2C)
                guard take(0x7D) else { return nil }
            }
            guard let field, let label, let values else { return nil }
            return ProposalSubmission.ChoiceField(field: field, label: label, values: values)
        }

        mutating func strings() -> [String]? {
            guard take(0x5B) else { return nil }
            var out: [String] = []
            if take(0x5D) { return out }
            repeat {
                guard let value = string() else { return nil }
                out.append(value)
            } while take(0x2C)
            return take(0x5D) ? out : nil
        }

        /// A JSON string; escapes other than \" and \\ (rare in this column) fall back to nil.
        mutating func string() -> String? {
            guard peek() == 0x22 else { return nil }
            index += 1
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case 0x22:
                    let value = String(decoding: bytes[start..<index], as: UTF8.self)
                    index += 1
                    return value
                case 0x5C:
                    return escaped(from: start)
                case 0..<0x20:
                    return nil
                default:
                    index += 1
                }
            }
            return nil
        }

        /// The rest of a string that holds escapes: \" \\ \/ \b \f \n \r \t and \uXXXX (with
        /// surrogate pairs).
        mutating func escaped(from start: Int) -> String? {
            var out = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x22 {
                    index += 1
                    return String(validating: out, as: UTF8.self)
                }
                guard byte == 0x5C else {
                    if byte < 0x20 { return nil }
                    out.append(byte)
                    index += 1
                    continue
                }
                guard index + 1 < bytes.count else { return nil }
                let code = bytes[index + 1]
                index += 2
                switch code {
                case 0x22, 0x5C, 0x2F: out.append(code)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    guard var scalar = hex4() else { return nil }
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else { return nil }
                        index += 2
                        guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        return nil
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default: return nil
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[index..<index + 4] {
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            index += 4
            return value
        }
    }
}
