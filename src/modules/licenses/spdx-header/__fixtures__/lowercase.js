// SPDX-License-Identifier: mit or apache-2.0
export {};
