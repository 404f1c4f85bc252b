package io.hayloft.master.raft;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The node registry of a {@link MasterState}: node id to address, ascending, immutable. Node ids only
 * grow, so registering one appends; successive states share one pair of arrays, and a registration
 * costs O(1) amortized instead of a copy of the whole registry (which made registering n servers cost
 * O(n²): 10,000 servers spent most of the leader's CPU copying tree maps). A version appends in place
 * only when it is the newest one of its arrays; otherwise it copies. Reads are binary searches.
 * Thread-safe: a version reads only the slots it was built with, which are never written again.
 */
final class NodeRegistry extends AbstractMap<Long, String> implements SortedMap<Long, String> {
    static final NodeRegistry EMPTY = new NodeRegistry(new Tail(), new long[0], new String[0], 0);

    /** Which version of a pair of arrays may append in place: the one whose size is {@code used}. */
    private static final class Tail {
        private int used;
    }

    private final Tail tail;
    private final long[] ids;
    private final String[] addresses;
    private final int size;

    private NodeRegistry(Tail tail, long[] ids, String[] addresses, int size) {
        this.tail = tail;
        this.ids = ids;
        this.addresses = addresses;
        this.size = size;
    }

    /** {@code map} itself when it is a registry, else an immutable copy of it. */
    static NodeRegistry of(Map<Long, String> map) {
        if (map instanceof NodeRegistry r) {
            return r;
        }
        TreeMap<Long, String> sorted = new TreeMap<>(map);
        long[] ids = new long[sorted.size()];
        String[] addresses = new String[sorted.size()];
        int i = 0;
        for (Map.Entry<Long, String> e : sorted.entrySet()) {
            ids[i] = e.getKey();
            addresses[i++] = java.util.Objects.requireNonNull(e.getValue(), "node address");
        }
        Tail tail = new Tail();
        tail.used = i;
        return new NodeRegistry(tail, ids, addresses, i);
    }

    /** This registry with {@code id → address} added (or replaced); this one is unchanged. */
    NodeRegistry with(long id, String address) {
        if (size > 0 && id <= ids[size - 1]) {
            TreeMap<Long, String> copy = new TreeMap<>(this);
            copy.put(id, address);
            return of(copy);
        }
        synchronized (tail) {
            if (tail.used == size && size < ids.length) {
                ids[size] = id;
                addresses[size] = address;
                tail.used = size + 1;
                return new NodeRegistry(tail, ids, addresses, size + 1);
            }
        }
        int capacity = Math.max(16, size * 2);
        long[] grownIds = Arrays.copyOf(ids, capacity);
        String[] grownAddresses = Arrays.copyOf(addresses, capacity);
        grownIds[size] = id;
        grownAddresses[size] = address;
        Tail grownTail = new Tail();
        grownTail.used = size + 1;
        return new NodeRegistry(grownTail, grownIds, grownAddresses, size + 1);
    }

    private int indexOf(Object key) {
        return key instanceof Long k ? Arrays.binarySearch(ids, 0, size, k) : -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i >= 0 ? addresses[i] : null;
    }

    @Override
    public Set<Entry<Long, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<Long, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<Long, String> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return Map.entry(ids[i], addresses[i]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Comparator<? super Long> comparator() {
        return null;
    }

    @Override
    public SortedMap<Long, String> subMap(Long fromKey, Long toKey) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).subMap(fromKey, toKey));
    }

    @Override
    public SortedMap<Long, String> headMap(Long toKey) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).headMap(toKey));
    }

    @Override
    public SortedMap<Long, String> tailMap(Long fromKey) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).tailMap(fromKey));
    }

    @Override
    public Long firstKey() {
        if (size == 0) {
            throw new NoSuchElementException();
        }
        return ids[0];
    }

    @Override
    public Long lastKey() {
        if (size == 0) {
            throw new NoSuchElementException();
        }
        return ids[size - 1];
    }
}
