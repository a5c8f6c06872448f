import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessTestSupport
import Foundation
import KeylessCatalog
import KeylessSyntax
import KeylessModel
import Testing

@Suite struct GenerationTests {
    @Test func everyPageAndSnippetIsGenerated() throws {
        let out = try generateShipped()
        let ids = out.documents.pages.map(\.id)
        for required in ["index", "lambda-oidc", "trust-policies", "troubleshooting", "hive-kube-migration"] {
            #expect(ids.contains(required))
        }
        for format in OutputFormat.allCases {
            for id in ids {
                #expect(out.files.contains { $0.path == format.pagePath(id) }, "\(id) \(format)")
            }
        }
        #expect(out.snippets.count >= 20)
        #expect(out.snippets.contains { $0.snippet.path == "Snippets/workflows/after/lambda-tests.yml" })
    }

    /// Each code block of each page, in all four formats, is byte for byte its snippet file.
    @Test func codeBlocksEqualSnippetFilesInEveryFormat() throws {
        let out = try generateShipped()
        let files = Dictionary(uniqueKeysWithValues: out.files.map { ($0.path, $0.contents) })
        var checkedBlocks = 0
        for page in out.documents.pages {
            var expected: [CodeSample] = []
            Assembly.forEachBlock(in: page, { if case .code(let s) = $0 { expected.append(s) } }, inline: { _ in })
            let md = CodeBlockExtractor.markdown(try #require(files["docs/md/\(page.id).md"]))
            let rst = CodeBlockExtractor.rst(try #require(files["docs/rst/\(page.id).rst"]))
            let html = CodeBlockExtractor.html(try #require(files["docs/html/\(page.id).html"]))
            let mkdocs = CodeBlockExtractor.mkdocs(try #require(files[OutputFormat.mkdocs.pagePath(page.id)]))
            #expect(md == expected.map(\.text), "markdown \(page.id)")
            #expect(rst == expected.map(\.text), "rst \(page.id)")
            #expect(html == expected.map(\.text), "html \(page.id)")
            #expect(mkdocs == expected.map(\.text), "mkdocs \(page.id)")
            for sample in expected {
                guard let path = sample.snippet else { continue }
                #expect(files[path] == sample.text, "\(path) in \(page.id)")
                let onDisk = TestPaths.read(TestPaths.packageRoot.appendingPathComponent(path))
                #expect(onDisk == sample.text, "committed \(path) is out of date")
                checkedBlocks += 1
            }
        }
        #expect(checkedBlocks >= 20)
    }

    @Test func outputIsDeterministic() throws {
        let a = try generateShipped().files, b = try generateShipped().files
        #expect(a == b)
        for f in a {
            #expect(f.contents.hasSuffix("\n") && !f.contents.hasSuffix("\n\n"), "\(f.path)")
            #expect(!f.contents.split(separator: "\n").contains { $0.hasSuffix(" ") }, "trailing space in \(f.path)")
        }
    }

    @Test func committedOutputIsInSync() throws {
        let out = try generateShipped()
        let plan = try OutputWriter(root: TestPaths.packageRoot).plan(out.files, scope: out.scope)
        #expect(plan.isEmpty, "out of date — run `swift package --allow-writing-to-package-directory generate-docs`\n\(OutputWriter.report(plan))")
    }

    @Test func beforeSnippetsAreTheOnlyOnesWithKeysOrTags() throws {
        for s in try generateShipped().snippets where !s.snippet.isBefore {
            #expect(!s.text.contains("aws-access-key-id"), "\(s.snippet.path)")
            #expect(!s.text.contains("@v4"), "\(s.snippet.path)")
        }
    }

    /// The parse-back check fails a snippet whose text does not decode to its model: a string that is
    /// exactly an expression reads back as an expression, so the checker must refuse it.
    @Test func parseBackRefusesAMismatch() throws {
        let bad = Snippet(
            id: "bad", path: "Snippets/x.yml", title: "bad",
            content: .steps([Step(name: "s", run: "true", env: [KeyValue("X", .string("${{ secrets.X }}"))])]))
        let checker = SnippetChecker(emitter: SnippetEmitter(pins: .empty))
        do {
            _ = try checker.check([bad])
            Issue.record("the mismatch was not caught")
        } catch {
            #expect(error.diagnostics.map(\.rule) == ["parse-back"])
            #expect(error.diagnostics[0].description.hasPrefix("Snippets/x.yml:1:1: error: snippet 'bad': parsed back differently"))
        }
    }

    @Test func commentOnAMissingKeyFailsGeneration() {
        let s = Snippet(id: "c", path: "Snippets/c.yml", title: "c", content: .steps([Step(name: "s", run: "true")]),
                        comments: [SnippetComment(["0", "nope"], "x")])
        #expect(throws: DiagnosticError.self) { try SnippetChecker(emitter: SnippetEmitter(pins: .empty)).check([s]) }
    }

    @Test func trustPoliciesUseTheRightOperator() throws {
        let out = try generateShipped()
        for s in out.snippets {
            guard case .policy(let p) = s.snippet.content, !s.snippet.isBefore, s.snippet.path.contains("/trust/") || s.snippet.path.hasPrefix("Snippets/troubleshooting/") else { continue }
            for c in p.statements.flatMap(\.conditions) where c.key.hasSuffix(":sub") {
                let wildcard = c.values.contains { $0.contains("*") || $0.contains("?") }
                #expect(c.op.base == (wildcard ? .stringLike : .stringEquals), "\(s.snippet.path)")
            }
        }
    }
}
