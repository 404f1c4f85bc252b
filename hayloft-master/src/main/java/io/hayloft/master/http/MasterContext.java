package io.hayloft.master.http;

import io.hayloft.http.PeerClient;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.assign.Assigner;
import io.hayloft.master.ec.EcMaintenance;
import io.hayloft.master.filer.FilerPartitionKeeper;
import io.hayloft.master.growth.CollectionDeletion;
import io.hayloft.master.growth.VolumeGrowth;
import io.hayloft.master.raft.MasterRaft;
import io.hayloft.master.repair.VolumeMaintenance;
import io.hayloft.master.sequence.FileKeySequencer;
import io.hayloft.master.topology.Topology;
import io.hayloft.master.vacuum.MasterVacuum;

/**
 * The services the master's HTTP handlers adapt. All thread-safe.
 *
 * @param config    the master's configuration
 * @param raft      Raft membership: leadership, replicated state, id sequences
 * @param topology  nodes, volumes and layouts
 * @param assigner  file id assignment
 * @param growth    volume growth
 * @param deletion  collection deletion
 * @param sequencer needle key sequence
 * @param peers     client for calls to volume servers
 * @param vacuum    vacuum passes ({@code /vol/vacuum})
 * @param maintenance replica repair, moves, balance, mark and delete ({@code /vol/fix/replication},
 *                  {@code /vol/move}, {@code /vol/balance}, {@code /vol/mark}, {@code /vol/delete})
 * @param ec        erasure coding: encode and rebuild ({@code /vol/ec/encode}, {@code /vol/ec/rebuild})
 * @param filerPartitions the filer partition map ({@code /internal/filer/heartbeat}, {@code /filer/partition/*})
 */
public record MasterContext(MasterConfig config, MasterRaft raft, Topology topology, Assigner assigner,
                            VolumeGrowth growth, CollectionDeletion deletion, FileKeySequencer sequencer,
                            PeerClient peers, MasterVacuum vacuum, VolumeMaintenance maintenance,
                            EcMaintenance ec, FilerPartitionKeeper filerPartitions) {
}
