# SPDX-License-Identifier: LicenseRef-ACME-Proprietary
echo hi
