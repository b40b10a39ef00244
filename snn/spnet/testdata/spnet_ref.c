/*
 * spnet_ref.c — an independent C reference of Izhikevich's polychronization
 * network (E. M. Izhikevich, "Polychronization: computation with spikes",
 * Neural Computation 18, 245–282, 2006; his published C++ program
 * poly_spnet.cpp), written for gosnn's golden tests from the published
 * algorithm. It keeps the original's data layout and loop order, because
 * floating-point sums depend on their order:
 *
 *   - rand01 = (0.9999999 * rand()) / RAND_MAX after srand(seed);
 *   - connections: exc. neuron i draws floor(N*rand01) until the target is
 *     neither i nor already a target; inh. neuron draws floor(Ne*rand01)
 *     until it is not already a target; then v = -65 + 10*rand01, u = 0.2 v;
 *   - synapse j of an excitatory neuron has delay j/5 + 1 ms, every
 *     inhibitory synapse 1 ms;
 *   - each ms t: I = 0; I[floor(N*rand01)] = 20; neurons with v >= 30 (in
 *     index order) reset, set their traces and potentiate their incoming
 *     excitatory synapses by the presynaptic LTP trace at t - delay; then
 *     spikes of the last D ms are delivered newest first (within a ms,
 *     higher neuron index first), a spike of age k through its synapses of
 *     delay k+1 in index order, depressing excitatory ones by the target's
 *     LTD; then v takes two half steps, u one step, traces decay by 0.95;
 *   - each second: statistics, then sd *= 0.9, s += 0.01 + sd, clamp to
 *     [0, 10] for excitatory synapses.
 *
 * Usage: spnet_ref SECONDS SEED SPIKES STATS WEIGHTS [GROUPS FIRST LAST MINPATH]
 * Any of the files may be "-" to skip it. SPIKES gets "t,neuron" lines in
 * firing order; STATS one line per second: second, excitatory spikes,
 * inhibitory spikes, strong exc->exc synapses, then the original's three
 * statistics printed exactly (%.17g); WEIGHTS one line per synapse
 * (pre, index, post, delay, s, sd) after the last second's update;
 * GROUPS the polychronous groups anchored at mothers FIRST..LAST-1 found
 * in the final network with at least MINPATH layers (the paper: 7), one
 * per line (see polychronous below).
 * The time the simulation loop took (without set-up and writing) goes to
 * stderr as "sim_seconds <s>", the CPU time it used as "sim_cpu_seconds
 * <s>" and the set-up as "setup_seconds <s>". The loop also writes SPIKES
 * and STATS as it goes: pass "-" for them when timing it.
 *
 * Compile with -ffp-contract=off: a fused multiply-add would change the
 * rounding of the original's expressions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <time.h>

#define Ne 800
#define Ni 200
#define N (Ne + Ni)
#define M 100
#define D 20
#define C_MAX 10.0
#define MAX_PRE (3 * M)
#define FIRINGS_MAX 100000

#define rand01 (0.9999999 * (double)rand() / RAND_MAX)

static double a[N], d[N], v[N], u[N], I[N];
static int post[N][M];
static double s[N][M], sd[N][M];
static short delays_length[N][D];
static short delays[N][D][M];
static int n_pre[N], i_pre[N][MAX_PRE], d_pre[N][MAX_PRE];
static double *sd_pre[N][MAX_PRE];
static double LTP[N][1001 + D], LTD[N];
static int n_firings;
static int firings[FIRINGS_MAX][2];

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* cpu_now is the CPU time the process has used: on a shared machine it
 * leaves out the time spent waiting for a core. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void build(void)
{
	for (int i = 0; i < N; i++) {
		a[i] = i < Ne ? 0.02 : 0.1;
		d[i] = i < Ne ? 8.0 : 2.0;
	}
	for (int i = 0; i < N; i++) {
		for (int j = 0; j < M; j++) {
			int r, taken;
			do {
				taken = 0;
				if (i < Ne) {
					r = (int)floor(N * rand01);
					if (r == i)
						taken = 1;
				} else {
					r = (int)floor(Ne * rand01);
				}
				for (int k = 0; k < j; k++)
					if (post[i][k] == r)
						taken = 1;
			} while (taken);
			post[i][j] = r;
			s[i][j] = i < Ne ? 6.0 : -5.0;
			sd[i][j] = 0.0;
		}
	}
	for (int i = 0; i < N; i++) {
		short next = 0;
		for (int k = 0; k < D; k++)
			delays_length[i][k] = 0;
		if (i < Ne) {
			for (int k = 0; k < D; k++) {
				delays_length[i][k] = M / D;
				for (int j = 0; j < M / D; j++)
					delays[i][k][j] = next++;
			}
		} else {
			delays_length[i][0] = M;
			for (int j = 0; j < M; j++)
				delays[i][0][j] = next++;
		}
	}
	/* Incoming excitatory synapses of each neuron, by presynaptic neuron
	 * and then synapse index, with the delay slot of each. */
	for (int i = 0; i < N; i++)
		n_pre[i] = 0;
	for (int j = 0; j < Ne; j++)
		for (int m = 0; m < M; m++) {
			int target = post[j][m], slot = -1;
			for (int k = 0; k < D; k++)
				for (int jj = 0; jj < delays_length[j][k]; jj++)
					if (delays[j][k][jj] == m)
						slot = k;
			int p = n_pre[target]++;
			if (p >= MAX_PRE) {
				fprintf(stderr, "neuron %d has more than %d presynaptic neurons\n", target, MAX_PRE);
				exit(1);
			}
			i_pre[target][p] = j;
			d_pre[target][p] = slot;
			sd_pre[target][p] = &sd[j][m];
		}
	for (int i = 0; i < N; i++) {
		for (int k = 0; k < 1 + D; k++)
			LTP[i][k] = 0.0;
		LTD[i] = 0.0;
	}
	for (int i = 0; i < N; i++)
		v[i] = -65 + 10 * rand01;
	for (int i = 0; i < N; i++)
		u[i] = 0.2 * v[i];
	n_firings = 1; /* a sentinel spike at -D ends the delivery loop */
	firings[0][0] = -D;
	firings[0][1] = 0;
}

static FILE *open_out(const char *name)
{
	if (name[0] == '-' && name[1] == 0)
		return NULL;
	FILE *f = fopen(name, "w");
	if (!f) {
		perror(name);
		exit(1);
	}
	return f;
}


/*
 * Polychronous groups, the activity-triggered search of the published
 * program (its default definition): for every combination of W strong
 * (> 0.95 C_max) excitatory inputs of a mother neuron, fire them so their
 * spikes reach the mother together, simulate a fresh copy of the network
 * (v = -70, only strong synapses, all synapses of inhibitory neurons) and
 * collect the spikes, links and layers. Written from the published
 * algorithm, including its quirks: the variable holding the last arrival
 * time keeps its value when a neuron emits nothing, a link gets the layer
 * known when it is found, and an anchor with exactly one link to an
 * excitatory neuron discards the group. The original leaves spikes beyond
 * its time cap in its queue (never read again); this version clears them.
 */
#define W 3
static int min_group_path = 7;
#define LATENCY D
#define POLYLENMAX N

static int n_post[POLYLENMAX], i_post[POLYLENMAX][N], j_post[POLYLENMAX][N], d_post[POLYLENMAX][N];
static double c_post[POLYLENMAX][N];
static int group[POLYLENMAX], t_fired[POLYLENMAX], layer[POLYLENMAX];
static int n_links, links[2 * W * POLYLENMAX * 10][5];

static void push(int timing, int pre, int dd, double w, int target)
{
	int k = n_post[timing]++;
	j_post[timing][k] = pre;
	d_post[timing][k] = dd;
	c_post[timing][k] = w;
	i_post[timing][k] = target;
}

static void polychronous(int mother, FILE *out)
{
	double c_rel = 0.95 * C_MAX;
	int my_pre[MAX_PRE], my_d[MAX_PRE], n_my = 0;
	for (int p = 0; p < n_pre[mother]; p++) {
		int pre = i_pre[mother][p];
		double w = s[pre][sd_pre[mother][p] - &sd[pre][0]];
		if (w > c_rel) {
			my_pre[n_my] = pre;
			my_d[n_my++] = d_pre[mother][p];
		}
	}
	if (n_my < W)
		return;
	int pick[W];
	for (int i = 0; i < W; i++)
		pick[i] = i;
	int timing = 0;
	static double gv[N], gu[N], gI[N];
	for (;;) {
		int dmax = 0;
		for (int i = 0; i < W; i++)
			if (dmax < my_d[pick[i]])
				dmax = my_d[pick[i]];
		for (int i = 0; i < W; i++) {
			group[i] = my_pre[pick[i]];
			t_fired[i] = dmax - my_d[pick[i]];
			layer[i] = 1;
			for (int dd = 0; dd < D; dd++)
				for (int j = 0; j < delays_length[group[i]][dd]; j++) {
					int syn = delays[group[i]][dd][j];
					if (s[group[i]][syn] > c_rel && dd >= my_d[pick[i]]) {
						timing = t_fired[i] + dd + 1;
						push(timing, group[i], dd, s[group[i]][syn], post[group[i]][syn]);
					}
				}
		}
		for (int i = 0; i < N; i++) {
			gv[i] = -70;
			gu[i] = 0.2 * gv[i];
			gI[i] = 0;
		}
		int n_fired = W, t_last = D + D + LATENCY + 1;
		for (int t = 0; t < t_last && n_fired < POLYLENMAX; t++) {
			for (int p = 0; p < n_post[t]; p++)
				gI[i_post[t][p]] += c_post[t][p];
			for (int i = 0; i < N; i++) {
				gv[i] += 0.5 * ((0.04 * gv[i] + 5) * gv[i] + 140 - gu[i] + gI[i]);
				gv[i] += 0.5 * ((0.04 * gv[i] + 5) * gv[i] + 140 - gu[i] + gI[i]);
				gu[i] += a[i] * (0.2 * gv[i] - gu[i]);
				gI[i] = 0;
			}
			for (int i = 0; i < N; i++) {
				if (gv[i] < 30)
					continue;
				gv[i] = -65;
				gu[i] += d[i];
				if (n_fired < POLYLENMAX) {
					t_fired[n_fired] = t;
					group[n_fired++] = i;
					for (int dd = 0; dd < D; dd++)
						for (int j = 0; j < delays_length[i][dd]; j++) {
							int syn = delays[i][dd][j];
							if (s[i][syn] > c_rel || i >= Ne) {
								timing = t + dd + 1;
								push(timing, i, dd, s[i][syn], post[i][syn]);
							}
						}
					if (t_last < timing + 1) {
						t_last = timing + 1;
						if (t_last > POLYLENMAX - D - 1)
							t_last = POLYLENMAX - D - 1;
					}
				}
			}
		}
		if (n_fired > 2 * W) {
			int l_max = 0;
			n_links = 0;
			for (int i = W; i < n_fired; i++) {
				layer[i] = 0;
				for (int p = t_fired[i]; p > t_fired[i] - LATENCY && p >= 0; p--)
					for (int j = 0; j < n_post[p]; j++)
						if (i_post[p][j] == group[i] && j_post[p][j] < Ne) {
							for (int k = 0; k < i; k++)
								if (group[k] == j_post[p][j] && layer[k] + 1 > layer[i])
									layer[i] = layer[k] + 1;
							links[n_links][0] = j_post[p][j];
							links[n_links][1] = i_post[p][j];
							links[n_links][2] = d_post[p][j];
							links[n_links][3] = layer[i];
							links[n_links++][4] = p;
							if (l_max < layer[i])
								l_max = layer[i];
						}
			}
			int discard = 0;
			for (int i = 0; i < W; i++) {
				int used = 0;
				for (int j = 0; j < n_links; j++)
					if (links[j][0] == group[i] && links[j][1] < Ne)
						used++;
				if (used == 1)
					discard = 1;
			}
			if (!discard && l_max >= min_group_path) {
				int lo = t_fired[0], hi = t_fired[0];
				for (int i = 0; i < n_fired; i++) {
					if (t_fired[i] < lo)
						lo = t_fired[i];
					if (t_fired[i] > hi)
						hi = t_fired[i];
				}
				fprintf(out, "%d %d %d %d |", mother, n_fired, l_max, hi - lo);
				for (int i = 0; i < n_fired; i++)
					fprintf(out, " %d@%d", group[i], t_fired[i]);
				fprintf(out, " |");
				for (int j = 0; j < n_links; j++)
					fprintf(out, " %d>%d/%d:%d@%d", links[j][0], links[j][1], links[j][2] + 1, links[j][3], links[j][4]);
				fprintf(out, "\n");
			}
		}
		for (int t = 0; t < POLYLENMAX; t++)
			n_post[t] = 0;
		int i = 1;
		while (++pick[W - i] > n_my - i)
			if (++i > W)
				return;
		while (i > 1) {
			pick[W - i + 1] = pick[W - i] + 1;
			i--;
		}
	}
}

int main(int argc, char **argv)
{
	if (argc != 6 && argc != 10) {
		fprintf(stderr, "usage: spnet_ref SECONDS SEED SPIKES STATS WEIGHTS [GROUPS FIRST LAST MINPATH]\n");
		return 2;
	}
	int seconds = atoi(argv[1]);
	srand((unsigned)strtoul(argv[2], 0, 10));
	FILE *fspikes = open_out(argv[3]), *fstats = open_out(argv[4]), *fweights = open_out(argv[5]);
	double t0 = now();
	build();
	double t1 = now(), c1 = cpu_now();

	for (int sec = 0; sec < seconds; sec++) {
		for (int t = 0; t < 1000; t++) {
			for (int i = 0; i < N; i++)
				I[i] = 0.0;
			I[(int)floor(N * rand01)] = 20.0;
			for (int i = 0; i < N; i++) {
				if (v[i] < 30)
					continue;
				v[i] = -65.0;
				u[i] += d[i];
				LTP[i][t + D] = 0.1;
				LTD[i] = 0.12;
				for (int p = 0; p < n_pre[i]; p++)
					*sd_pre[i][p] += LTP[i_pre[i][p]][t + D - d_pre[i][p] - 1];
				firings[n_firings][0] = t;
				firings[n_firings++][1] = i;
				if (fspikes)
					fprintf(fspikes, "%d,%d\n", sec * 1000 + t, i);
				if (n_firings == FIRINGS_MAX) {
					fprintf(stderr, "too many spikes at t=%d (the window is dropped, as in the original)\n", t);
					n_firings = 1;
				}
			}
			for (int k = n_firings - 1; t - firings[k][0] < D; k--) {
				int pre = firings[k][1], age = t - firings[k][0];
				for (int j = 0; j < delays_length[pre][age]; j++) {
					int syn = delays[pre][age][j], target = post[pre][syn];
					I[target] += s[pre][syn];
					if (pre < Ne)
						sd[pre][syn] -= LTD[target];
				}
			}
			for (int i = 0; i < N; i++) {
				v[i] += 0.5 * ((0.04 * v[i] + 5) * v[i] + 140 - u[i] + I[i]);
				v[i] += 0.5 * ((0.04 * v[i] + 5) * v[i] + 140 - u[i] + I[i]);
				u[i] += a[i] * (0.2 * v[i] - u[i]);
				LTP[i][t + D + 1] = 0.95 * LTP[i][t + D];
				LTD[i] *= 0.95;
			}
		}

		int exc = 0, inh = 0, strong = 0;
		for (int k = 1; k < n_firings; k++)
			if (firings[k][0] >= 0) {
				if (firings[k][1] < Ne)
					exc++;
				else
					inh++;
			}
		for (int i = 0; i < Ne; i++)
			for (int j = 0; j < M; j++)
				if (s[i][j] > 0.9 * C_MAX && post[i][j] < Ne)
					strong++;
		if (fstats) {
			double frate = (double)exc / Ne;
			double str = 100 * (double)strong / Ne / M;
			double ifrate = (double)inh / Ni;
			fprintf(fstats, "%d %d %d %d %.17g %.17g %.17g\n", sec, exc, inh, strong, frate, str, ifrate);
		}

		for (int i = 0; i < N; i++)
			for (int k = 0; k < D + 1; k++)
				LTP[i][k] = LTP[i][1000 + k];
		int k = n_firings - 1;
		while (1000 - firings[k][0] < D)
			k--;
		for (int j = 1; j < n_firings - k; j++) {
			firings[j][0] = firings[k + j][0] - 1000;
			firings[j][1] = firings[k + j][1];
		}
		n_firings -= k;

		for (int i = 0; i < Ne; i++)
			for (int j = 0; j < M; j++) {
				sd[i][j] *= 0.9;
				s[i][j] += 0.01 + sd[i][j];
				if (s[i][j] > C_MAX)
					s[i][j] = C_MAX;
				if (s[i][j] < 0)
					s[i][j] = 0.0;
			}
	}
	double t2 = now(), c2 = cpu_now();
	fprintf(stderr, "setup_seconds %.6f\nsim_seconds %.6f\nsim_cpu_seconds %.6f\n", t1 - t0, t2 - t1, c2 - c1);

	if (fweights)
		for (int i = 0; i < N; i++)
			for (int j = 0; j < M; j++) {
				int slot = 0;
				for (int k = 0; k < D; k++)
					for (int jj = 0; jj < delays_length[i][k]; jj++)
						if (delays[i][k][jj] == j)
							slot = k;
				fprintf(fweights, "%d %d %d %d %.17g %.17g\n", i, j, post[i][j], slot + 1, s[i][j], sd[i][j]);
			}
	if (argc == 10) {
		FILE *fgroups = open_out(argv[6]);
		int first = atoi(argv[7]), last = atoi(argv[8]);
		min_group_path = atoi(argv[9]);
		double g0 = now();
		for (int m = first; m < last && m < Ne; m++)
			polychronous(m, fgroups);
		fprintf(stderr, "groups_seconds %.6f\n", now() - g0);
		if (fclose(fgroups))
			return 1;
	}
	if (fspikes && fclose(fspikes))
		return 1;
	if (fstats && fclose(fstats))
		return 1;
	if (fweights && fclose(fweights))
		return 1;
	return 0;
}
