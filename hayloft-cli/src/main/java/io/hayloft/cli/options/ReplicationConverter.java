package io.hayloft.cli.options;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a replica placement such as {@code 001}; anything else is a usage error. */
public final class ReplicationConverter implements ITypeConverter<ReplicaPlacement> {
    @Override
    public ReplicaPlacement convert(String value) {
        try {
            return ReplicaPlacement.parse(value);
        } catch (HayloftException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
