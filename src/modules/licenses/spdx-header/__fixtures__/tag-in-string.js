const tag = 'SPDX-License-Identifier: ' + id;
const other = `SPDX-License-Identifier: ${x}`;
