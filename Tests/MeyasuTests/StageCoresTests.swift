import Foundation
import GRDB
import Testing
@testable import Meyasu

@Suite("StageCores: a large first import's stages kept to two cores")
struct StageCoresTests {
    @Test("Two distinct cores or none; pinning a thread and restoring it gives it its cores back")
    func pinAndRestore() throws {
        guard let cores = StageCores.current() else { return }  // not a two-core machine: nothing to pin
        #expect(cores.reading != cores.text)
        let saved = try #require(StageCores.pin(to: cores.text))
        // Pinned: only one core is left to this thread, so there are not two to share out.
        #expect(StageCores.current() == nil)
        StageCores.restore(saved)
        #expect(StageCores.current()?.text == cores.text)
    }

    @Test("An import with its stages kept to cores stores what one without stores, and gives the calling thread its cores back")
    func sameRows() throws {
        let before = StageCores.current()
        let folder = TemporaryFolder()
        var lines = [Fixtures.header]
        for index in 1...700 {
            lines.append(Fixtures.row("K\(index)", title: "ＲＰＡ　窓口の混雑\(index)", body: "庁舎の案内表示を増やす。問い合わせは０２５８－３９－２２２２へ"))
        }
        let path = folder.write("rows.csv", utf8: lines.joined(separator: "\r\n") + "\r\n")
        let organization = try Fixtures.organization()
        func importer(_ store: MeyasuStore) throws -> ProposalImporter {
            ProposalImporter(store: store, profiles: [try Fixtures.proposalsProfile()], keyer: Fixtures.keyer, triage: "gyokan",
                             router: ProposalRouter(organization: organization, examples: []))
        }
        let free = try MeyasuStore(path: folder.url.appendingPathComponent("free.sqlite").path)
        var unpinned = try importer(free)
        unpinned.stageCoresFromSize = .max
        #expect(try unpinned.importFile(at: path).counts.imported == 700)
        let kept = try MeyasuStore(path: folder.url.appendingPathComponent("kept.sqlite").path)
        var pinned = try importer(kept)
        pinned.stageCoresFromSize = 0
        #expect(try pinned.importFile(at: path).counts.imported == 700)
        let columns = "SELECT * FROM proposal ORDER BY id"
        let expected = try free.read { db in try Row.fetchAll(db, sql: columns) }
        #expect(try kept.read { db in try Row.fetchAll(db, sql: columns) } == expected)
        #expect(StageCores.current()?.reading == before?.reading && StageCores.current()?.text == before?.text)
    }
}
