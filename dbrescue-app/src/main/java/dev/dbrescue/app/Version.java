package dev.dbrescue.app;

import picocli.CommandLine;

/** The version from the jar manifest, or "dev" when run from classes. */
final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = DbRescue.class.getPackage().getImplementationVersion();
        return new String[]{"dbrescue " + (version == null ? "dev" : version)};
    }
}
