package io.hayloft.cli.options;

import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a time to live such as {@code 3d}; anything else is a usage error. */
public final class TtlConverter implements ITypeConverter<Ttl> {
    @Override
    public Ttl convert(String value) {
        try {
            return Ttl.parse(value);
        } catch (HayloftException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
