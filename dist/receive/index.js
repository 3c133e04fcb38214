import{P as t,c as r}from"./chunk-4A2GIC6N.js";await t();r();
