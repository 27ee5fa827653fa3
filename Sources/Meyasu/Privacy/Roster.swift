import Foundation

/// The HR staff list, used only to recognise staff in free text; never copied into the database.
///
/// A CSV (UTF-8 or CP932) with the header `職員番号,氏名,ふりがな,所属`; 氏名 is 姓 名 with a
/// space (or without one, then only the full name is known), ふりがな in hiragana the same way.
public struct Roster: Sendable {
    public struct Person: Sendable, Equatable {
        public var staffNumber: String
        public var surname: String
        public var givenName: String
        public var surnameReading: String
        public var givenNameReading: String
    }

    public var people: [Person]

    public init(people: [Person]) {
        self.people = people
    }

    /// Reads the roster CSV.
    /// - Throws: `ConfigError` naming the file, and the line when a row cannot be used; the
    ///   message never quotes a name.
    public static func load(from url: URL) throws -> Roster {
        let name = url.lastPathComponent
        let file: ByteFile
        do {
            file = try ByteFile(path: url.path)
        } catch {
            throw ConfigError(.notFound, "the roster \(name) cannot be opened at \(url.path); check privacy.roster or --roster.")
        }
        do {
            let sniff = try EncodingDetector.sniff(file)
            let reader = try CSVReader(file: file, startOffset: sniff.bomLength)
            let decoder = CellDecoder(encoding: sniff.encoding)
            guard let header = try reader.next() else {
                throw ConfigError(.invalid, "the roster \(name) is empty; export the staff list with the header 職員番号,氏名,ふりがな,所属.")
            }
            let headers = (0..<header.cellCount).map { decoder.decode(header.cell($0)).map { String($0.trimmingWhitespace()) } ?? "" }
            func column(_ label: String) throws -> Int {
                guard let index = headers.firstIndex(of: label) else {
                    throw ConfigError(.invalid, "the roster \(name) has no \(label) column; its header must be 職員番号,氏名,ふりがな,所属.")
                }
                return index
            }
            let numberColumn = try column("職員番号")
            let nameColumn = try column("氏名")
            let readingColumn = try column("ふりがな")
            var people: [Person] = []
            while let record = try reader.next() {
                guard record.problem == nil, record.cellCount == headers.count else {
                    throw ConfigError(.invalid, "the roster \(name) line \(record.line) cannot be read (quoting or number of cells); fix that line.")
                }
                func cell(_ index: Int) throws -> String {
                    guard let value = decoder.decode(record.cell(index)) else {
                        throw ConfigError(.invalid, "the roster \(name) line \(record.line) is not valid \(sniff.encoding.displayName); save it as UTF-8.")
                    }
                    return String(value.trimmingWhitespace())
                }
                let (surname, given) = split(try cell(nameColumn))
                let (surnameReading, givenReading) = split(try cell(readingColumn))
                people.append(Person(staffNumber: try cell(numberColumn), surname: surname, givenName: given,
                                     surnameReading: surnameReading, givenNameReading: givenReading))
            }
            return Roster(people: people)
        } catch let error as IngestError {
            throw ConfigError(.invalid, "the roster \(name) cannot be read: \(error.message)")
        }
    }

    /// 「山田 太郎」 → (山田, 太郎); without a space the whole is the surname part and the given name is empty.
    static func split(_ value: String) -> (String, String) {
        let parts = value.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).map(String.init)
        if parts.count >= 2 { return (parts[0], parts[1...].joined()) }
        return (value, "")
    }
}
