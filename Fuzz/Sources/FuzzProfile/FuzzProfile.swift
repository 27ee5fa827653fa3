// The form-profile mapper: the input as an export, through what every import does before it
// writes — the header read and lined up with the shipped profiles in samples/forms/ (proposals
// and survey), then every record through ProposalRowMapper (and the Text stage) or
// SurveyRowMapper.
//
// Checks: no crash or hang; a bad file or row is an IngestError or a RowProblem, never anything
// else; a row problem names a line the file has; survey answers are on the 1–5 scale or 0 for
// no answer.
import FuzzSupport
import Foundation
@testable import Meyasu

/// The repository's root: MEYASU_ROOT, or the folder above Fuzz/.
let root: URL = {
    if let path = ProcessInfo.processInfo.environment["MEYASU_ROOT"] { return URL(fileURLWithPath: path) }
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url
}()

let profiles: [FormProfile] = {
    do {
        return try ["proposals.yaml", "survey.yaml"].map {
            try YAMLFile.load(FormProfile.self, from: root.appendingPathComponent("samples/forms/\($0)"), what: "a form profile")
        }
    } catch {
        fatalError("cannot load samples/forms/ under \(root.path) (set MEYASU_ROOT): \(error)")
    }
}()
let organization: Organization = {
    do {
        return try Organization.load(from: root.appendingPathComponent("samples/organization.yaml"))
    } catch {
        fatalError("cannot load samples/organization.yaml under \(root.path): \(error)")
    }
}()
let keyer = ResponseKeyer(secret: Array(repeating: 7, count: 32))
let normalizer = TextNormalizer()
nonisolated(unsafe) var buffers = TextNormalizer.Buffers()

func mapAll(path: String, kind: FormProfile.Kind) {
    let export: OpenedExport
    let profile: FormProfile
    let map: HeaderMap
    do {
        export = try OpenedExport(path: path, encoding: nil)
        (profile, map) = try FormProfile.choose(from: profiles, kind: kind, headers: export.headers,
                                                fileName: export.name, requested: nil)
    } catch is IngestError {
        return
    } catch {
        invariant(false, "opening threw something other than IngestError: \(type(of: error))")
        return
    }
    let proposals = kind == .proposals
        ? ProposalRowMapper(profile: profile, headers: export.headers, map: map, decoder: export.decoder, keyer: keyer)
        : nil
    let survey = kind == .survey
        ? SurveyRowMapper(profile: profile, headers: export.headers, map: map, decoder: export.decoder, keyer: keyer,
                          organization: organization, fiscalYear: nil)
        : nil
    var records = 0
    do {
        while let record = try export.reader.next() {
            records += 1
            invariant(records <= 1 << 20, "the reader does not end")
            if let proposals {
                switch proposals.map(record) {
                case .success(var submission):
                    normalizer.normalizeFields(of: &submission, buffers: &buffers)
                case .failure(let problem):
                    invariant(problem.line == record.line, "a row problem names line \(problem.line), the row is on \(record.line)")
                }
            }
            if let survey {
                switch survey.map(record) {
                case .success(let response):
                    invariant(response.answers.allSatisfy { $0 <= 5 }, "an answer off the scale")
                    invariant(response.answers.count == survey.questions.count, "answers and questions differ in number")
                case .failure(let problem):
                    invariant(problem.line == record.line, "a row problem names line \(problem.line), the row is on \(record.line)")
                }
            }
        }
    } catch is IngestError {
    } catch {
        invariant(false, "reading threw something other than IngestError: \(type(of: error))")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProfile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let path = ScratchFile.write(UnsafeBufferPointer(start: data, count: size))
    mapAll(path: path, kind: .proposals)
    mapAll(path: path, kind: .survey)
    return 0
}

@_cdecl("FuzzProfile_main")
public func fuzzProfileMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv, fuzzProfile)
}
