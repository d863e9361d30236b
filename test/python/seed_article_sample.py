"""
The Python sample of "Create an IoT Hub data connection for Azure Data Explorer with SDKs"
(Microsoft Learn, ms.date 07/16/2023; the seed article of kustodian), run against a running
`kustodian emulator` with Debian's azure-mgmt-kusto 3.1.0b1.

The sample is copied as published; each change is marked CHANGED and says why. The credential,
the endpoint and the CA are what pointing any client at the emulator needs. One more change is
the SDK's, not the emulator's: the article calls `create_or_update`, the name the operation had
before azure-mgmt-kusto moved to `begin_*` long-running methods; 3.1.0b1 has only
`begin_create_or_update`. The script checks that this is still so, then runs the sample, then
checks what the service made of it. The placeholders (xxxx) are filled with the emulator
world's names, as the article asks a reader to fill them with theirs.
"""
import sys

from azure.mgmt.kusto import KustoManagementClient
from azure.mgmt.kusto.models import IotHubDataConnection

# CHANGED (credential): the article uses azure.common.credentials.ServicePrincipalCredentials
# with a tenant, client and secret; the emulator takes any bearer token.
from emulator_client import EmulatorCredential, ca_file, endpoint

#Directory (tenant) ID
tenant_id = "xxxxxxxx-xxxxx-xxxx-xxxx-xxxxxxxxx"
#Application ID
client_id = "xxxxxxxx-xxxxx-xxxx-xxxx-xxxxxxxxx"
#Client Secret
client_secret = "xxxxxxxxxxxxxx"
subscription_id = "00000000-0000-0000-0000-000000000000"
# CHANGED (credential)
credentials = EmulatorCredential()
# CHANGED (endpoint and CA): base_url and connection_verify; polling_interval=0 because the
# emulator's operations finish at once (the SDK would otherwise wait 30 s between polls).
kusto_management_client = KustoManagementClient(credentials, subscription_id, base_url=endpoint(), connection_verify=ca_file(), polling_interval=0)

resource_group_name = "testrg"
#The cluster and database that are created as part of the Prerequisites
cluster_name = "mykustocluster"
database_name = "mykustodatabase"
data_connection_name = "myeventhubconnect"
#The IoT hub that is created as part of the Prerequisites
iot_hub_resource_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers/Microsoft.Devices/IotHubs/myhub";
shared_access_policy_name = "iothubforread"
consumer_group = "$Default"
location = "Central US"
#The table and column mapping that are created as part of the Prerequisites
table_name = "StormEvents"
mapping_rule_name = "StormEvents_CSV_Mapping"
data_format = "csv"
database_routing = "Multi"

# CHANGED (SDK, not emulator): see the module docstring.
if hasattr(kusto_management_client.data_connections, "create_or_update"):
    sys.exit("azure-mgmt-kusto has create_or_update again: run the article's call unchanged and drop this change")
print("note: azure-mgmt-kusto 3.1.0b1 has no data_connections.create_or_update; the sample's call is begin_create_or_update", flush=True)

#Returns an instance of LROPoller, check https://learn.microsoft.com/python/api/msrest/msrest.polling.lropoller?view=azure-python
poller = kusto_management_client.data_connections.begin_create_or_update(resource_group_name=resource_group_name, cluster_name=cluster_name, database_name=database_name, data_connection_name=data_connection_name,
                                            parameters=IotHubDataConnection(iot_hub_resource_id=iot_hub_resource_id, shared_access_policy_name=shared_access_policy_name,
                                                                                consumer_group=consumer_group, table_name=table_name, location=location, mapping_rule_name=mapping_rule_name, data_format=data_format, database_routing=database_routing))

# --- not the article's: what the service made of it ---
created = poller.result()
got = kusto_management_client.data_connections.get(resource_group_name=resource_group_name, cluster_name=cluster_name, database_name=database_name, data_connection_name=data_connection_name)
checks = {
    "kind": (got.kind, "IotHub"),
    "provisioning_state": (got.provisioning_state, "Succeeded"),
    "location": (got.location, "Central US"),
    "data_format (csv answered in the service's spelling)": (got.data_format, "CSV"),
    "database_routing": (got.database_routing, "Multi"),
    "table_name": (got.table_name, table_name),
    "mapping_rule_name": (got.mapping_rule_name, mapping_rule_name),
    "consumer_group": (got.consumer_group, consumer_group),
    "shared_access_policy_name": (got.shared_access_policy_name, shared_access_policy_name),
    "create answered the same kind": (created.kind, "IotHub"),
}
failed = [f"{k}: {actual!r} != {want!r}" for k, (actual, want) in checks.items() if actual != want]
for line in failed:
    print(f"FAIL {line}", flush=True)

# The article's removal snippet names variables the sample never defines (kusto_cluster_name,
# kusto_database_name, kusto_data_connection_name) and the pre-begin_* `delete`: run with the
# sample's own names and begin_delete.
kusto_management_client.data_connections.begin_delete(resource_group_name=resource_group_name, cluster_name=cluster_name, database_name=database_name, data_connection_name=data_connection_name).result()
remaining = [dc.name for dc in kusto_management_client.data_connections.list_by_database(resource_group_name=resource_group_name, cluster_name=cluster_name, database_name=database_name)]
if any(name.endswith(f"/{data_connection_name}") for name in remaining):
    failed.append("the connection is still listed after delete")
    print("FAIL the connection is still listed after delete", flush=True)
print("seed article sample: " + ("FAILED" if failed else "passed"), flush=True)
sys.exit(1 if failed else 0)
