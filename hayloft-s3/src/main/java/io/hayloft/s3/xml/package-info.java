/**
 * S3's XML: {@link io.hayloft.s3.xml.XmlWriter} builds response documents; the request bodies the
 * gateway reads ({@link io.hayloft.s3.xml.DeleteRequest}, {@link io.hayloft.s3.xml.BucketConfiguration},
 * {@link io.hayloft.s3.xml.TagSet}, the {@code AccessControlPolicy} of an
 * {@link io.hayloft.s3.xml.AccessControlList}) are parsed with the JDK's StAX with DTDs and external entities off. No dependency beyond the JDK.
 */
package io.hayloft.s3.xml;
