import{S as t,c as r}from"./chunk-3LS6USRN.js";await t();r();
