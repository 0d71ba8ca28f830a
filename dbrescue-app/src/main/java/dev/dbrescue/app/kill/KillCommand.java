package dev.dbrescue.app.kill;

import dev.dbrescue.app.Confirmation;
import dev.dbrescue.app.EnumConverter;
import dev.dbrescue.app.FormatOption;
import dev.dbrescue.core.action.AuditLog;
import dev.dbrescue.core.action.KillAction;
import dev.dbrescue.core.action.KillMode;
import dev.dbrescue.core.action.KillPlan;
import dev.dbrescue.core.action.KillPolicy;
import dev.dbrescue.core.action.KillReport;
import dev.dbrescue.core.action.KillResult;
import dev.dbrescue.core.action.KillRun;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.render.KillRenderer;
import dev.dbrescue.core.render.OutputFormat;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;

/**
 * {@code dbrescue kill TARGET SELECTORS [--execute]}: lock-aware first aid. Selects sessions by who blocks whom and
 * how long they have idled or run, shows what ending them would roll back, and only with {@code --execute} ends them,
 * each re-checked right before its kill and appended to the audit log right after.
 */
@Command(name = "kill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"End the sessions that cause a lock or connection incident: root blockers, forgotten transactions,",
                "idle or runaway sessions. Without --execute it only shows what it would end and why.",
                "Never dbrescue's own session or the server's own threads; privileged accounts only with --include-superusers.",
                "Exit code: 0 nothing to end, 1 sessions selected (dry run) or acted on, 2 bad options, 5 not allowed,",
                "8 a kill failed or the audit log cannot be written."})
public final class KillCommand implements Callable<Integer> {

    static final int DEFAULT_MAX_KILLS_PER_MINUTE = 10;
    static final double DEFAULT_WATCH_SECONDS = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Parameters(index = "0", paramLabel = "TARGET",
            description = "mysql://, mariadb://, postgresql:// or postgres:// user[:password]@host[:port][/db], or a jdbc: URL.")
    String target;

    @Mixin
    KillSelectors.Include include;

    @Mixin
    KillSelectors.Exclude exclude;

    @Option(names = "--execute", description = "Act: end the selected sessions (after a confirmation on the terminal unless --yes).")
    boolean execute;

    @Option(names = "--yes", description = "With --execute: do not ask (scripts, --watch without a terminal).")
    boolean yes;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "connection", converter = ModeConverter.class,
            description = "connection (default: KILL / pg_terminate_backend, rolls the transaction back and frees its locks)"
                    + " or query (KILL QUERY / pg_cancel_backend: the running statement only; locks stay).")
    KillMode mode;

    @Option(names = "--include-superusers",
            description = "Also end sessions of privileged accounts (MySQL/MariaDB root, SUPER, CONNECTION ADMIN; PostgreSQL superusers).")
    boolean includeSuperusers;

    @Option(names = "--watch", paramLabel = "SECONDS", arity = "0..1", preprocessor = OptionalSeconds.class,
            description = "Apply the policy again every SECONDS (default 10) until Ctrl-C, as pt-kill does.")
    Double watchSeconds;

    @Option(names = "--max-kills-per-minute", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_KILLS_PER_MINUTE,
            description = "With --watch: end at most N sessions in any minute (default 10); the rest wait for the next poll.")
    int maxKillsPerMinute;

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "Append every action to FILE as a JSON line (default ~/.dbrescue/audit.jsonl, created readable by you only).")
    Path auditLog;

    @Option(names = "--format", defaultValue = "text", converter = FormatOption.Converter.class,
            description = "text (default) or json (with --watch: one line per poll that selected something).")
    OutputFormat format;

    /** Who answers the confirmation; tests put themselves in the terminal's place. */
    Confirmation confirmation = Confirmation.terminal();

    Clock clock = Clock.systemUTC();

    ClientEnvironment environment = ClientEnvironment.current();

    @Override
    public Integer call() throws Exception {
        KillPolicy policy = policy();
        AuditLog audit = execute ? AuditLog.open(auditLog != null ? auditLog : AuditLog.defaultPath(environment.home())) : null;
        Connector connector = new Connector(environment);
        Target parsed = Target.parse(target);
        try (ServerConnection connection = connector.open(parsed)) {
            if (watchSeconds != null) {
                return new KillWatch(this, audit).run(connection, connector, parsed, policy);
            }
            return once(new KillRun(connection, policy, clock), audit);
        } finally {
            if (audit != null) {
                audit.close();
            }
        }
    }

    /** The policy from the options, or a usage error before anything connects. */
    KillPolicy policy() {
        if (watchSeconds != null && watchSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--watch takes 1 second or more: polling faster only loads the server");
        }
        if (maxKillsPerMinute < 1) {
            throw new ParameterException(spec.commandLine(), "--max-kills-per-minute takes 1 or more");
        }
        if (yes && !execute) {
            throw new ParameterException(spec.commandLine(), "--yes confirms --execute, which is missing: add --execute to act,"
                    + " or drop --yes for a dry run");
        }
        KillPolicy policy = new KillPolicy(include.selectors("--"), exclude.selectors("--exclude-"), mode, includeSuperusers).validate();
        if (execute && !yes && !confirmation.available()) {
            throw new DbRescueException(ErrorCode.USAGE, "--execute asks for confirmation on a terminal, and there is none:"
                    + " run it in a terminal, or add --yes to act without asking");
        }
        return policy;
    }

    private int once(KillRun run, AuditLog audit) throws IOException {
        KillPlan plan = run.plan();
        if (!execute || plan.selected().isEmpty()) {
            render(KillReport.dryRun(plan), false);
            return plan.selected().isEmpty() ? 0 : 1;
        }
        if (plan.refusal() != null) {
            throw new DbRescueException(ErrorCode.PRIVILEGE, plan.refusal());
        }
        if (!yes) {
            render(KillReport.confirming(plan), false);
            if (!confirmation.confirm(question(plan, null))) {
                return declined();
            }
        }
        List<KillAction> actions = run.act(plan, Integer.MAX_VALUE, audit, () -> false);
        render(KillReport.executed(plan, actions), false);
        return exitCode(actions);
    }

    /** "End 2 sessions with KILL on mariadb 10.11.5 at mysql://root@db1?" */
    String question(KillPlan plan, Duration every) {
        int n = plan.selected().size();
        String how = mode == KillMode.QUERY ? "Cancel the statements of " : "End ";
        String what = n + (n == 1 ? " session" : " sessions");
        String server = plan.snapshot().server() + " at " + Target.parse(target);
        return every == null
                ? how + what + " on " + server + "?"
                : "Apply this policy every " + every.toMillis() / 1000.0 + " s on " + server + " until Ctrl-C, ending at most "
                + maxKillsPerMinute + " sessions a minute (" + what + " match now)?";
    }

    int declined() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("dbrescue: not confirmed: nothing was done.");
        err.flush();
        return 1;
    }

    /** 8 when a kill failed (one line on stderr says which), else 1: something was selected and acted on. */
    int exitCode(List<KillAction> actions) {
        List<KillAction> failed = actions.stream().filter(a -> a.result() == KillResult.FAILED).toList();
        if (failed.isEmpty()) {
            return 1;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("dbrescue: " + failed.size() + " kill" + (failed.size() == 1 ? "" : "s") + " failed, first: session "
                + failed.get(0).candidate().id() + ": " + failed.get(0).detail());
        err.flush();
        return ErrorCode.ACTION_FAILED.exitCode();
    }

    void render(KillReport report, boolean compact) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        KillRenderer.of(format, compact).render(report, out);
        out.flush();
    }

    /**
     * {@code --watch} takes the next argument only when it is a number, so that {@code --watch TARGET} and
     * {@code --watch --execute} both mean the default interval.
     */
    static final class OptionalSeconds implements CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec command, CommandLine.Model.ArgSpec option, Map<String, Object> info) {
            if (!args.isEmpty() && args.peek().matches("\\d+(\\.\\d*)?|\\.\\d+")) {
                return false; // a value: picocli reads and converts it
            }
            option.setValue(DEFAULT_WATCH_SECONDS);
            return true;
        }
    }

    /** {@code --mode query|connection}. */
    public static final class ModeConverter extends EnumConverter<KillMode> {
        public ModeConverter() {
            super(KillMode.class, "mode");
        }
    }
}
