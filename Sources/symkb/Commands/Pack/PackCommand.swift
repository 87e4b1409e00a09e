import ArgumentParser

/// `symkb pack …`: find, inspect, check, test and create knowledge packs.
struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Find, inspect, check, test and create knowledge packs.",
        discussion: """
            Packs are found bundled with symkb, in the user folder ($XDG_DATA_HOME/symkb/packs, \
            default ~/.local/share/symkb/packs), in the folders of $SYMKB_PACKS (colon-separated), \
            and with --pack DIR; a later place shadows an earlier one for the same pack id.

            Examples:
              symkb pack list
              symkb pack info multiple-sclerosis
              symkb pack new my-pack --dir packs
              symkb pack check packs/my-pack
              symkb pack test packs/my-pack
              symkb pack install hpo
            """,
        subcommands: [PackListCommand.self, PackInfoCommand.self, PackCheckCommand.self, PackTestCommand.self,
                      PackNewCommand.self, PackImportCommand.self, PackInstallCommand.self, PackCompileCommand.self]
    )
}
