"""
What the Python tests share: a KustoManagementClient (Debian's python3-azure, azure-mgmt-kusto
3.1.0b1) pointed at a running `kustodian emulator`. Only the credential, the endpoint and the CA
differ from a client of real Azure.

Environment: KUSTODIAN_ENDPOINT (https://127.0.0.1:PORT), KUSTODIAN_CA_FILE (the emulator's CA
PEM), optionally KUSTODIAN_API_VERSION (the SDK's own default, 2022-11-11, when unset).
"""
import os
import time

from azure.core.credentials import AccessToken
from azure.mgmt.kusto import KustoManagementClient

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
RESOURCE_GROUP = "testrg"
CLUSTER = "mykustocluster"
DATABASE = "mykustodatabase"
_RG = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers"
IDS = {
    "cluster": f"{_RG}/Microsoft.Kusto/clusters/{CLUSTER}",
    "telemetry_hub": f"{_RG}/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/telemetry",
    "blob_hub": f"{_RG}/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/blobevents",
    "iot_hub": f"{_RG}/Microsoft.Devices/IotHubs/myhub",
    "storage": f"{_RG}/Microsoft.Storage/storageAccounts/mystorageaccount",
    "event_grid": f"{_RG}/Microsoft.Storage/storageAccounts/mystorageaccount/providers/Microsoft.EventGrid/eventSubscriptions/blob-created",
    "cosmos": f"{_RG}/Microsoft.DocumentDB/databaseAccounts/mycosmosaccount",
    "identity": f"{_RG}/Microsoft.ManagedIdentity/userAssignedIdentities/kustodian-identity",
}


class EmulatorCredential:
    """A TokenCredential handing out a fixed token: the emulator accepts any bearer token, and no
    real Azure token is ever sent to it."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken("emulator-token", int(time.time()) + 3600)


def endpoint():
    value = os.environ.get("KUSTODIAN_ENDPOINT")
    if not value:
        raise SystemExit("KUSTODIAN_ENDPOINT is not set: start `kustodian emulator` and export what it prints")
    return value


def ca_file():
    value = os.environ.get("KUSTODIAN_CA_FILE")
    if not value or not os.path.isfile(value):
        raise SystemExit(f"KUSTODIAN_CA_FILE is not set or not a file ({value!r}): the emulator writes it at start")
    return value


def client(api_version=None):
    kwargs = {"base_url": endpoint(), "connection_verify": ca_file(), "polling_interval": 0}
    if api_version:
        kwargs["api_version"] = api_version
    return KustoManagementClient(EmulatorCredential(), SUBSCRIPTION, **kwargs)
