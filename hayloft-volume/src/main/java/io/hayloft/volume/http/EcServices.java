package io.hayloft.volume.http;

import io.hayloft.volume.ec.EcDecoder;
import io.hayloft.volume.ec.EcNeedleDeletes;
import io.hayloft.volume.ec.EcShardCopier;
import io.hayloft.volume.ec.EcVolumes;

/**
 * What the routes of erasure-coded volumes use.
 *
 * @param volumes the erasure-coded volumes with shards (or an index) here
 * @param copier  shard copies and rebuilds
 * @param deletes client deletes of their needles, journaled on every holder
 * @param decoder turns one back into a replicated volume here
 */
public record EcServices(EcVolumes volumes, EcShardCopier copier, EcNeedleDeletes deletes, EcDecoder decoder) {
}
