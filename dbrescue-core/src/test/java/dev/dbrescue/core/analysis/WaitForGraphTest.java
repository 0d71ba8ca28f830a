package dev.dbrescue.core.analysis;

import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.WaitKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WaitForGraphTest {

    private static LockWait edge(long waiter, long blocker) {
        return new LockWait(waiter, blocker, WaitKind.HARD, null, null, null);
    }

    @Test
    void rootsAndEveryWaiterBehindThem() {
        WaitForGraph graph = new WaitForGraph(List.of(edge(2, 1), edge(3, 2), edge(4, 1), edge(6, 5)));
        assertThat(graph.roots()).containsExactly(1L, 5L);
        assertThat(graph.allWaitersBehind(1)).containsExactly(2L, 4L, 3L);
        assertThat(graph.directWaiters(1)).containsExactly(2L, 4L);
        assertThat(graph.cycles()).isEmpty();
    }

    @Test
    void findsCyclesAndIgnoresSelfEdges() {
        WaitForGraph graph = new WaitForGraph(List.of(edge(1, 2), edge(2, 3), edge(3, 1), edge(4, 1), edge(5, 5)));
        assertThat(graph.cycles()).containsExactly(List.of(1L, 2L, 3L));
        assertThat(graph.roots()).isEmpty();
        assertThat(graph.isWaiting(5)).isFalse();
    }

    @Test
    void longChainsDoNotOverflowTheStack() {
        List<LockWait> waits = new ArrayList<>();
        for (long i = 1; i < 50_000; i++) {
            waits.add(edge(i + 1, i));
        }
        WaitForGraph graph = new WaitForGraph(waits);
        assertThat(graph.roots()).containsExactly(1L);
        assertThat(graph.allWaitersBehind(1)).hasSize(49_999);
        assertThat(graph.cycles()).isEmpty();
    }
}
