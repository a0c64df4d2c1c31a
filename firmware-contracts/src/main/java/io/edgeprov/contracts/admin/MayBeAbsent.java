package io.edgeprov.contracts.admin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component that may be absent on the wire (Java {@code null}). The encoder omits it when
 * null; the decoder gives null when the key is absent and refuses an explicit JSON {@code null}
 * ({@code NULL_VALUE}), so there is exactly one way to say "no value". Every unmarked component is required.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface MayBeAbsent {
}
