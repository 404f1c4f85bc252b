package io.hayloft.cli.options;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code 3,01637037d6}; a malformed fid is a usage error. */
public final class FileIdConverter implements ITypeConverter<FileId> {
    @Override
    public FileId convert(String value) {
        try {
            return FileId.parse(value);
        } catch (HayloftException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
