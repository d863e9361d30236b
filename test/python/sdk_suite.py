"""
The second, independent client: Debian's Python SDK (python3-azure, azure-mgmt-kusto 3.1.0b1)
against a running `kustodian emulator`, for all four kinds: check-name-availability,
dataConnectionValidation (a valid and an invalid connection), create, get, list, update,
delete, delete of a missing connection. Run at the SDK's default api-version (2022-11-11) or
the one in KUSTODIAN_API_VERSION.

Prints one `ok <check>` line per passed check and `FAIL <check>: <why>` per failure; exits 1 if
anything failed, 0 otherwise.
"""
import datetime
import os
import sys
import traceback

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.kusto import models

from emulator_client import CLUSTER, DATABASE, IDS, RESOURCE_GROUP, client

API_VERSION = os.environ.get("KUSTODIAN_API_VERSION") or None
kusto = client(API_VERSION)
ops = kusto.data_connections
START = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
DB = dict(resource_group_name=RESOURCE_GROUP, cluster_name=CLUSTER, database_name=DATABASE)
failures = []


def check(name, fn):
    try:
        fn()
        print(f"ok {name}", flush=True)
    except Exception as err:  # noqa: BLE001 - every failure is reported, then the run fails
        failures.append(name)
        print(f"FAIL {name}: {type(err).__name__}: {err}", flush=True)
        traceback.print_exc(file=sys.stdout)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def model(cls, **base):
    """A factory of the kind's model: the base properties, some replaced."""
    return lambda **changes: cls(**{**base, **changes})


# Each kind: the model to create, the attributes to read back, and a change to make in place.
KINDS = {
    "EventHub": (
        model(
            models.EventHubDataConnection,
            location="Central US",
            event_hub_resource_id=IDS["telemetry_hub"],
            consumer_group="adx",
            table_name="Telemetry",
            mapping_rule_name="Telemetry_JSON_Mapping",
            data_format="JSON",
            event_system_properties=["x-opt-enqueued-time"],
            compression="None",
            managed_identity_resource_id=IDS["identity"],
            database_routing="Single",
            retrieval_start_date=START,
        ),
        {"consumer_group": "adx", "table_name": "Telemetry", "data_format": "JSON", "compression": "None", "database_routing": "Single"},
        {"mapping_rule_name": ""},
    ),
    "IotHub": (
        model(
            models.IotHubDataConnection,
            location="Central US",
            iot_hub_resource_id=IDS["iot_hub"],
            consumer_group="kustodian",
            shared_access_policy_name="iothubforread",
            table_name="StormEvents",
            mapping_rule_name="StormEvents_CSV_Mapping",
            data_format="CSV",
            event_system_properties=["message-id"],
            database_routing="Multi",
            retrieval_start_date=START,
        ),
        {"shared_access_policy_name": "iothubforread", "data_format": "CSV", "database_routing": "Multi"},
        {"data_format": "PSV"},
    ),
    "EventGrid": (
        model(
            models.EventGridDataConnection,
            location="Central US",
            storage_account_resource_id=IDS["storage"],
            event_grid_resource_id=IDS["event_grid"],
            event_hub_resource_id=IDS["blob_hub"],
            consumer_group="adx",
            table_name="BlobLogs",
            mapping_rule_name="BlobLogs_CSV_Mapping",
            data_format="CSV",
            ignore_first_record=True,
            blob_storage_event_type="Microsoft.Storage.BlobCreated",
            managed_identity_resource_id=IDS["identity"],
            database_routing="Single",
        ),
        {"ignore_first_record": True, "blob_storage_event_type": "Microsoft.Storage.BlobCreated", "table_name": "BlobLogs"},
        {"ignore_first_record": False},
    ),
    "CosmosDb": (
        model(
            models.CosmosDbDataConnection,
            location="Central US",
            table_name="CosmosChanges",
            mapping_rule_name="CosmosChanges_JSON_Mapping",
            managed_identity_resource_id=IDS["identity"],
            cosmos_db_account_resource_id=IDS["cosmos"],
            cosmos_db_database="telemetrydb",
            cosmos_db_container="events",
            retrieval_start_date=START,
        ),
        {"cosmos_db_database": "telemetrydb", "cosmos_db_container": "events", "table_name": "CosmosChanges"},
        # Nothing of a Cosmos DB connection changes in place: the update resends a value unchanged.
        {"table_name": "CosmosChanges"},
    ),
}


def run_kind(kind, make, expected, change):
    name = f"py-{kind.lower()}"
    cls = getattr(models, f"{kind}DataConnection")

    def name_free():
        result = ops.check_name_availability(
            data_connection_name=models.DataConnectionCheckNameRequest(name=name), **DB
        )
        expect(result.name_available is True, f"name {name} should be free: {result}")

    def validation_clean():
        result = ops.begin_data_connection_validation(
            parameters=models.DataConnectionValidation(data_connection_name=name, properties=make()), **DB
        ).result()
        expect(list(result.value or []) == [], f"validation of a valid {kind} connection found problems: {result.value}")

    def validation_finds():
        broken = make(table_name="NoSuchTable")
        result = ops.begin_data_connection_validation(
            parameters=models.DataConnectionValidation(data_connection_name=name, properties=broken), **DB
        ).result()
        messages = [r.error_message for r in (result.value or [])]
        expect(any("NoSuchTable" in (m or "") for m in messages), f"validation should name the missing table: {messages}")

    def create():
        created = ops.begin_create_or_update(data_connection_name=name, parameters=make(), **DB).result()
        expect(isinstance(created, cls), f"create answered {type(created).__name__}, not {cls.__name__}")
        expect(created.provisioning_state == "Succeeded", f"provisioning_state {created.provisioning_state}")
        for attr, value in expected.items():
            expect(getattr(created, attr) == value, f"{attr}: {getattr(created, attr)!r} != {value!r}")

    def get():
        got = ops.get(data_connection_name=name, **DB)
        expect(isinstance(got, cls) and got.kind == kind, f"get answered {type(got).__name__} kind {got.kind}")
        expect(got.name == f"{CLUSTER}/{DATABASE}/{name}", f"name {got.name}")
        expect(got.location == "Central US", f"location {got.location}")
        for attr, value in expected.items():
            expect(getattr(got, attr) == value, f"{attr}: {getattr(got, attr)!r} != {value!r}")
        if hasattr(got, "retrieval_start_date"):
            expect(got.retrieval_start_date == START, f"retrieval_start_date {got.retrieval_start_date}")

    def listed():
        names = [dc.name for dc in ops.list_by_database(**DB)]
        expect(f"{CLUSTER}/{DATABASE}/{name}" in names, f"{name} not in {names}")

    def name_taken():
        result = ops.check_name_availability(
            data_connection_name=models.DataConnectionCheckNameRequest(name=name), **DB
        )
        expect(result.name_available is False and result.reason == "AlreadyExists", f"{result}")

    def update():
        updated = ops.begin_update(data_connection_name=name, parameters=make(**change), **DB).result()
        for attr, value in change.items():
            expect(getattr(updated, attr) == value, f"update answered {attr}={getattr(updated, attr)!r}")
        got = ops.get(data_connection_name=name, **DB)
        for attr, value in change.items():
            expect(getattr(got, attr) == value, f"after update get answers {attr}={getattr(got, attr)!r}")

    def delete():
        ops.begin_delete(data_connection_name=name, **DB).result()
        try:
            ops.get(data_connection_name=name, **DB)
        except ResourceNotFoundError:
            return
        raise AssertionError(f"{name} still exists after delete")

    def delete_missing():
        # 204 for a connection that does not exist: the SDK accepts it as done.
        ops.begin_delete(data_connection_name=name, **DB).result()

    for step, fn in [
        ("check-name (free)", name_free),
        ("validation (valid)", validation_clean),
        ("validation (missing table)", validation_finds),
        ("create", create),
        ("get", get),
        ("list", listed),
        ("check-name (taken)", name_taken),
        ("update", update),
        ("delete", delete),
        ("delete (missing)", delete_missing),
    ]:
        check(f"{kind} {step}", fn)


def refused_update_of_immutable():
    # A change the service refuses in place is a 400 the SDK raises as HttpResponseError.
    name = "py-immutable"
    make = KINDS["EventHub"][0]
    ops.begin_create_or_update(data_connection_name=name, parameters=make(), **DB).result()
    try:
        ops.begin_update(data_connection_name=name, parameters=make(compression="GZip"), **DB).result()
        raise AssertionError("changing compression in place should be refused")
    except HttpResponseError as err:
        expect(err.status_code == 400, f"status {err.status_code}")
    finally:
        ops.begin_delete(data_connection_name=name, **DB).result()


print(f"azure-mgmt-kusto against {kusto._config.api_version} (SDK default 2022-11-11)", flush=True)
for kind, (make, expected, change) in KINDS.items():
    run_kind(kind, make, expected, change)
check("EventHub immutable change refused", refused_update_of_immutable)
print(f"{'FAILED' if failures else 'passed'}: {len(failures)} failed", flush=True)
sys.exit(1 if failures else 0)
