import Foundation
import Logging

/// An export opened for reading: its bytes sniffed, its header row read and decoded.
///
/// Every import (proposals, survey, figures) starts here, so they all reject the same
/// non-exports with the same sentences.
struct OpenedExport {
    let file: ByteFile
    let sniff: FileSniff
    let reader: CSVReader
    let decoder: CellDecoder
    /// The header row's cells, decoded and trimmed.
    let headers: [String]

    /// The file's base name, for messages.
    var name: String { file.displayName }

    /// Opens `path`, decides its encoding and reads the header row.
    /// - Throws: `IngestError` when the file cannot be read, is not a CSV export, or its header
    ///   row is broken.
    init(path: String, encoding: TextEncoding?) throws {
        file = try ByteFile(path: path)
        let name = file.displayName
        sniff = try EncodingDetector.sniff(file, forced: encoding)
        reader = try CSVReader(file: file, startOffset: sniff.bomLength)
        decoder = CellDecoder(encoding: sniff.encoding)
        guard let headerRecord = try reader.next() else {
            throw IngestError(.notAnExport, "\(name) holds no header row, only blank lines; download the export again.")
        }
        if headerRecord.problem != nil {
            throw IngestError(.badHeader, "\(name) line \(headerRecord.line): the header row's quoting is broken; download the export again.")
        }
        var headers: [String] = []
        for index in 0..<headerRecord.cellCount {
            guard let header = decoder.decode(headerRecord.cell(index)) else {
                throw IngestError(.badHeader, "\(name) line \(headerRecord.line), column \(index + 1): the header is not valid \(sniff.encoding.displayName); try --encoding.")
            }
            headers.append(String(header.trimmingWhitespace()))
        }
        self.headers = headers
    }
}

/// An export whose header has been lined up with a form profile.
struct MatchedExport {
    let export: OpenedExport
    let profile: FormProfile
    let map: HeaderMap

    /// Opens `path`, picks the profile of `kind` (or `requested`) and notes both in `report`.
    /// - Throws: `IngestError` as `OpenedExport` and `FormProfile.choose` do.
    init(path: String, encoding: TextEncoding?, profiles: [FormProfile], kind: FormProfile.Kind,
         requested: String?, report: inout FileImportReport) throws {
        export = try OpenedExport(path: path, encoding: encoding)
        report.sniff = export.sniff
        (profile, map) = try FormProfile.choose(from: profiles, kind: kind, headers: export.headers,
                                                fileName: export.name, requested: requested)
        report.profile = profile.id
        report.ignoredColumns = map.unknownHeaders
    }

    /// The header of the file's 回答ID column, for conflicts.
    var responseIDHeader: String? {
        map.binding.firstIndex { $0.map { profile.columns[$0].role == .responseID } ?? false }.map { export.headers[$0] }
    }
}

extension FileImportReport {
    /// Runs `body` for the file at `path`; an `IngestError` becomes a `.rejected` report with
    /// nothing else in it (the file's transaction, if any, was rolled back).
    /// - Throws: anything else `body` throws (`StoreError` when the database itself fails).
    static func capture(path: String, logger: Logger,
                        _ body: (inout FileImportReport) throws -> Void) rethrows -> FileImportReport {
        let name = URL(fileURLWithPath: path).lastPathComponent
        var report = FileImportReport(file: name, status: .rejected)
        do {
            try body(&report)
        } catch let error as IngestError {
            report.status = .rejected
            report.error = error.message
            report.errorCode = error.code
            report.counts = ImportCounts()
            report.redactions = RedactionCounts()
            report.problems = []
            report.ignoredColumns = []
            report.batchID = nil
            report.fiscalYear = nil
            logger.notice("import rejected a file", metadata: ["meyasu.reason": "\(error.code.rawValue)"])
        }
        return report
    }
}
