/**
 * Feasibility of flows with lower and upper bounds (a bounded transportation problem), by the
 * classic reduction to one max-flow (Dinic). Used to audit suppressed tables: a published table
 * is a set of bounds on a bipartite flow (departments → categories), and "can this hidden cell
 * take another value?" is "is the flow with that cell's bounds changed still feasible?".
 */

export interface BoundedEdge {
  from: number;
  to: number;
  lower: number;
  upper: number;
}

const INF = Number.MAX_SAFE_INTEGER / 4;

class MaxFlow {
  private readonly n: number;
  private readonly head: number[];
  private readonly to: number[] = [];
  private readonly cap: number[] = [];
  private readonly next: number[] = [];
  private level: number[] = [];
  private iter: number[] = [];

  constructor(n: number) {
    this.n = n;
    this.head = new Array(n).fill(-1);
  }

  add(u: number, v: number, capacity: number): void {
    this.to.push(v, u);
    this.cap.push(capacity, 0);
    this.next.push(this.head[u], this.head[v]);
    this.head[u] = this.to.length - 2;
    this.head[v] = this.to.length - 1;
  }

  private bfs(s: number, t: number): boolean {
    this.level = new Array(this.n).fill(-1);
    const queue = [s];
    this.level[s] = 0;
    for (let qi = 0; qi < queue.length; qi++) {
      const u = queue[qi];
      for (let e = this.head[u]; e !== -1; e = this.next[e]) {
        if (this.cap[e] > 0 && this.level[this.to[e]] < 0) {
          this.level[this.to[e]] = this.level[u] + 1;
          queue.push(this.to[e]);
        }
      }
    }
    return this.level[t] >= 0;
  }

  private dfs(u: number, t: number, f: number): number {
    if (u === t) return f;
    for (; this.iter[u] !== -1; this.iter[u] = this.next[this.iter[u]]) {
      const e = this.iter[u];
      const v = this.to[e];
      if (this.cap[e] > 0 && this.level[v] === this.level[u] + 1) {
        const d = this.dfs(v, t, Math.min(f, this.cap[e]));
        if (d > 0) {
          this.cap[e] -= d;
          this.cap[e ^ 1] += d;
          return d;
        }
      }
    }
    return 0;
  }

  run(s: number, t: number): number {
    let flow = 0;
    while (this.bfs(s, t)) {
      this.iter = [...this.head];
      for (let f = this.dfs(s, t, INF); f > 0; f = this.dfs(s, t, INF)) flow += f;
    }
    return flow;
  }
}

/**
 * Whether a circulation exists on `nodes` nodes that respects every edge's [lower, upper]
 * bounds. (Callers close their source→sink network with an edge back from sink to source.)
 */
export function feasibleCirculation(nodes: number, edges: readonly BoundedEdge[]): boolean {
  const s = nodes;
  const t = nodes + 1;
  const graph = new MaxFlow(nodes + 2);
  const excess = new Array(nodes).fill(0);
  for (const e of edges) {
    if (e.lower > e.upper) return false;
    if (e.upper > e.lower) graph.add(e.from, e.to, Math.min(e.upper, INF) - e.lower);
    excess[e.to] += e.lower;
    excess[e.from] -= e.lower;
  }
  let need = 0;
  for (let v = 0; v < nodes; v++) {
    if (excess[v] > 0) {
      graph.add(s, v, excess[v]);
      need += excess[v];
    } else if (excess[v] < 0) {
      graph.add(v, t, -excess[v]);
    }
  }
  return graph.run(s, t) === need;
}

export const UNBOUNDED = INF;
