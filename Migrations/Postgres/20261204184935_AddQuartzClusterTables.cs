using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Postgres
{
    /// <summary>
    /// The tables of Quartz's clustered ADO.NET job store (Quartz 4.7, PostgreSQL delegate, prefix <c>qrtz_</c>) for the
    /// cluster scheduler (ADR-019). Not part of the EF model: Quartz reads and writes them with its own SQL and checks
    /// them at start (SchemaProvisioning.Validate). Times are .NET ticks in bigint; job data is System.Text.Json in bytea.
    /// The execution-history tables are left out: the cluster scheduler does not keep its history in the database.
    /// </summary>
    public partial class AddQuartzClusterTables : Migration
    {
        private static readonly string[] Tables =
        [
            // Jobs: one row per job, its class and its serialised data map.
            """
            CREATE TABLE qrtz_job_details (
                sched_name text NOT NULL, job_name text NOT NULL, job_group text NOT NULL,
                description text NULL, job_class_name text NOT NULL,
                is_durable boolean NOT NULL, is_nonconcurrent boolean NOT NULL, is_update_data boolean NOT NULL,
                requests_recovery boolean NOT NULL, job_data bytea NULL,
                CONSTRAINT pk_qrtz_job_details PRIMARY KEY (sched_name, job_name, job_group))
            """,
            // Triggers: the common part of every trigger; the kind-specific part is in the four tables after it.
            """
            CREATE TABLE qrtz_triggers (
                sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
                job_name text NOT NULL, job_group text NOT NULL, description text NULL,
                next_fire_time bigint NULL, prev_fire_time bigint NULL, priority integer NULL,
                trigger_state text NOT NULL, trigger_type text NOT NULL,
                start_time bigint NOT NULL, end_time bigint NULL, calendar_name text NULL,
                misfire_instr smallint NULL, misfire_orig_fire_time bigint NULL,
                execution_group varchar(200) NULL, preferred_node varchar(200) NULL,
                preferred_node_auto boolean NOT NULL DEFAULT false,
                retry_policy varchar(250) NULL, retry_attempt integer NULL,
                continues_trigger_name text NULL, continues_trigger_group text NULL, continuation_condition integer NULL,
                overlap_policy integer NULL,
                pause_reason varchar(250) NULL, paused_by varchar(200) NULL, paused_at bigint NULL,
                misfire_threshold bigint NULL, fixed_delay boolean NULL, job_data bytea NULL,
                CONSTRAINT pk_qrtz_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
                CONSTRAINT fk_qrtz_triggers_job FOREIGN KEY (sched_name, job_name, job_group)
                    REFERENCES qrtz_job_details (sched_name, job_name, job_group))
            """,
            """
            CREATE TABLE qrtz_simple_triggers (
                sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
                repeat_count bigint NOT NULL, repeat_interval bigint NOT NULL, times_triggered bigint NOT NULL,
                CONSTRAINT pk_qrtz_simple_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
                CONSTRAINT fk_qrtz_simple_triggers_trigger FOREIGN KEY (sched_name, trigger_name, trigger_group)
                    REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE)
            """,
            """
            CREATE TABLE qrtz_cron_triggers (
                sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
                cron_expression text NOT NULL, time_zone_id text NULL,
                CONSTRAINT pk_qrtz_cron_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
                CONSTRAINT fk_qrtz_cron_triggers_trigger FOREIGN KEY (sched_name, trigger_name, trigger_group)
                    REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE)
            """,
            // Calendar-interval and daily-time-interval triggers keep their settings in these generic properties.
            """
            CREATE TABLE qrtz_simprop_triggers (
                sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
                str_prop_1 text NULL, str_prop_2 text NULL, str_prop_3 text NULL,
                int_prop_1 integer NULL, int_prop_2 integer NULL,
                long_prop_1 bigint NULL, long_prop_2 bigint NULL,
                dec_prop_1 numeric NULL, dec_prop_2 numeric NULL,
                bool_prop_1 boolean NULL, bool_prop_2 boolean NULL, time_zone_id text NULL,
                CONSTRAINT pk_qrtz_simprop_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
                CONSTRAINT fk_qrtz_simprop_triggers_trigger FOREIGN KEY (sched_name, trigger_name, trigger_group)
                    REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE)
            """,
            """
            CREATE TABLE qrtz_blob_triggers (
                sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
                blob_data bytea NULL,
                CONSTRAINT pk_qrtz_blob_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
                CONSTRAINT fk_qrtz_blob_triggers_trigger FOREIGN KEY (sched_name, trigger_name, trigger_group)
                    REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE)
            """,
            """
            CREATE TABLE qrtz_calendars (
                sched_name text NOT NULL, calendar_name text NOT NULL, calendar bytea NOT NULL,
                CONSTRAINT pk_qrtz_calendars PRIMARY KEY (sched_name, calendar_name))
            """,
            """
            CREATE TABLE qrtz_paused_trigger_grps (
                sched_name text NOT NULL, trigger_group text NOT NULL,
                pause_reason varchar(250) NULL, paused_by varchar(200) NULL, paused_at bigint NULL,
                CONSTRAINT pk_qrtz_paused_trigger_grps PRIMARY KEY (sched_name, trigger_group))
            """,
            // New in Quartz 4: paused job groups are stored, not derived.
            """
            CREATE TABLE qrtz_paused_job_grps (
                sched_name text NOT NULL, job_group text NOT NULL,
                pause_reason varchar(250) NULL, paused_by varchar(200) NULL, paused_at bigint NULL,
                CONSTRAINT pk_qrtz_paused_job_grps PRIMARY KEY (sched_name, job_group))
            """,
            // Firings in progress, per node: what a surviving node recovers when a node stops checking in.
            """
            CREATE TABLE qrtz_fired_triggers (
                sched_name text NOT NULL, entry_id text NOT NULL,
                trigger_name text NOT NULL, trigger_group text NOT NULL, instance_name text NOT NULL,
                fired_time bigint NOT NULL, sched_time bigint NOT NULL, priority integer NOT NULL, state text NOT NULL,
                job_name text NULL, job_group text NULL, is_nonconcurrent boolean NOT NULL, requests_recovery boolean NULL,
                execution_group varchar(200) NULL, progress integer NULL, progress_message varchar(250) NULL,
                interrupt_requested_time bigint NULL,
                CONSTRAINT pk_qrtz_fired_triggers PRIMARY KEY (sched_name, entry_id))
            """,
            // One row per node: its last check-in.
            """
            CREATE TABLE qrtz_scheduler_state (
                sched_name text NOT NULL, instance_name text NOT NULL,
                last_checkin_time bigint NOT NULL, checkin_interval bigint NOT NULL, quartz_version varchar(20) NULL,
                CONSTRAINT pk_qrtz_scheduler_state PRIMARY KEY (sched_name, instance_name))
            """,
            // The row locks (TRIGGER_ACCESS, STATE_ACCESS) the nodes serialise on with SELECT ... FOR UPDATE.
            """
            CREATE TABLE qrtz_locks (
                sched_name text NOT NULL, lock_name text NOT NULL,
                CONSTRAINT pk_qrtz_locks PRIMARY KEY (sched_name, lock_name))
            """,
        ];

        private static readonly string[] Indexes =
        [
            "CREATE INDEX ix_qrtz_job_details_group ON qrtz_job_details (sched_name, job_group, job_name)",
            "CREATE INDEX ix_qrtz_triggers_job ON qrtz_triggers (sched_name, job_name, job_group)",
            "CREATE INDEX ix_qrtz_triggers_group ON qrtz_triggers (sched_name, trigger_group, trigger_name)",
            "CREATE INDEX ix_qrtz_triggers_calendar ON qrtz_triggers (sched_name, calendar_name)",
            // Acquisition: the next due triggers in a state, earliest first, higher priority first.
            "CREATE INDEX ix_qrtz_triggers_due ON qrtz_triggers (sched_name, trigger_state, next_fire_time, priority DESC, misfire_instr)",
            "CREATE INDEX ix_qrtz_fired_triggers_instance ON qrtz_fired_triggers (sched_name, instance_name, requests_recovery)",
            "CREATE INDEX ix_qrtz_fired_triggers_job ON qrtz_fired_triggers (sched_name, job_name, job_group)",
            "CREATE INDEX ix_qrtz_fired_triggers_trigger ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group)",
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var statement in Tables.Concat(Indexes))
            {
                migrationBuilder.Sql(statement + ";");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Children before parents; the indexes go with their tables.
            foreach (var table in new[]
            {
                "qrtz_locks", "qrtz_scheduler_state", "qrtz_fired_triggers", "qrtz_paused_job_grps", "qrtz_paused_trigger_grps",
                "qrtz_calendars", "qrtz_blob_triggers", "qrtz_simprop_triggers", "qrtz_cron_triggers", "qrtz_simple_triggers",
                "qrtz_triggers", "qrtz_job_details",
            })
            {
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {table};");
            }
        }
    }
}
