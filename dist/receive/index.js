import{P as t,c as r}from"./chunk-7KHBNG2K.js";await t();r();
