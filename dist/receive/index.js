import{P as t,c as r}from"./chunk-VLSN7CPE.js";await t();r();
