// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Keyless",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "keyless", targets: ["keyless"]),
        .plugin(name: "GenerateDocs", targets: ["GenerateDocs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
    ],
    targets: [
        // libcmark from Debian's libcmark-dev: renders Markdown and HTML, and gives the AST the RST renderer walks.
        .systemLibrary(
            name: "Ccmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // Value types only: GitHub workflows, AWS IAM documents, guide content.
        .target(name: "KeylessModel"),
        // The pipeline: config → emit → check → document → render → write.
        .target(
            name: "KeylessCore",
            dependencies: [
                "KeylessModel",
                "Ccmark",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // `keyless check`: rules over workflows and IAM policies, one registry for code and docs.
        .target(
            name: "KeylessLint",
            dependencies: ["KeylessModel", "KeylessCore", .product(name: "Yams", package: "Yams")]
        ),
        // Reasoning about workflows and policies: trust-policy simulation, claim prediction, doctor.
        .target(
            name: "KeylessAnalysis",
            dependencies: ["KeylessModel", "KeylessCore", .product(name: "Yams", package: "Yams")]
        ),
        // `keyless audit` and `keyless migrate`: how each job reaches AWS, and the minimal edit to OIDC.
        .target(
            name: "KeylessAudit",
            dependencies: ["KeylessModel", "KeylessCore", "KeylessLint", .product(name: "Yams", package: "Yams")]
        ),
        // The reference content: one file per page, example and failure mode.
        .target(
            name: "KeylessCatalog",
            dependencies: ["KeylessModel", "KeylessCore", "KeylessLint", "KeylessAnalysis", "KeylessAudit"]
        ),
        .executableTarget(
            name: "keyless",
            dependencies: [
                "KeylessCore",
                "KeylessAnalysis",
                "KeylessCatalog",
                "KeylessLint",
                "KeylessAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer target over the readers (build with -sanitize=fuzzer -DFUZZING; see README), and a
        // replay tool for the committed corpus and crash reproducers otherwise.
        .executableTarget(
            name: "KeylessFuzz",
            dependencies: ["KeylessCore", "KeylessLint", "KeylessModel"]
        ),
        .plugin(
            name: "GenerateDocs",
            capability: .command(
                intent: .custom(
                    verb: "generate-docs",
                    description: "Regenerate the Keyless guide, snippets and policies from docs-src/"
                ),
                permissions: [
                    .writeToPackageDirectory(
                        reason: "Writes the generated guide to docs/ and the checked snippets to Snippets/"
                    )
                ]
            ),
            dependencies: ["keyless"]
        ),
        .testTarget(
            name: "KeylessCoreTests",
            dependencies: ["KeylessCore", "KeylessModel", .product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "KeylessLintTests",
            dependencies: ["KeylessLint", "KeylessCore", "KeylessModel"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "KeylessAuditTests",
            dependencies: ["KeylessAudit", "KeylessLint", "KeylessCore", "KeylessModel"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "KeylessCatalogTests",
            dependencies: ["KeylessCatalog", "KeylessCore", "KeylessModel", "KeylessAnalysis"]
        ),
        // Issue 11 item 5: the reference permissions policy proven by running the real `sam` against moto.
        .testTarget(
            name: "KeylessPolicyProofTests",
            dependencies: ["KeylessCatalog", "KeylessCore"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "KeylessAnalysisTests",
            dependencies: ["KeylessAnalysis", "KeylessCore", "KeylessModel"],
            exclude: ["Fixtures"]
        ),
    ]
)
