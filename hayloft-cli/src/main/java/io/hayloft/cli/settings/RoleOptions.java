package io.hayloft.cli.settings;

import io.hayloft.filer.FilerSettings;
import io.hayloft.master.MasterSettings;
import io.hayloft.s3.S3Settings;
import io.hayloft.volume.VolumeSettings;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Picocli model transformers that give a role command an option per setting of the role's table
 * ({@code @Command(modelTransformer = RoleOptions.Master.class)}).
 */
public final class RoleOptions {
    private RoleOptions() {
    }

    /** {@code hayloft master}'s options, from {@link MasterSettings#TABLE}. */
    public static final class Master implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            SettingOptions.addTable(spec, MasterSettings.TABLE);
            return spec;
        }
    }

    /** {@code hayloft volume}'s options, from {@link VolumeSettings#TABLE}. */
    public static final class Volume implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            SettingOptions.addTable(spec, VolumeSettings.TABLE);
            return spec;
        }
    }

    /** {@code hayloft filer}'s options, from {@link FilerSettings#TABLE}. */
    public static final class Filer implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            SettingOptions.addTable(spec, FilerSettings.TABLE);
            return spec;
        }
    }

    /** {@code hayloft s3}'s options, from {@link S3Settings#TABLE}. */
    public static final class S3 implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            SettingOptions.addTable(spec, S3Settings.TABLE);
            return spec;
        }
    }

    /** {@code hayloft server}'s options, from {@link ServerOptions}. */
    public static final class Server implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            ServerOptions.addTo(spec);
            return spec;
        }
    }
}
